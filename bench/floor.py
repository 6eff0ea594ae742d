"""The benchmark's floor: the cheapest response this Django app can give.

Mounted at /bench/floor/ by bench/urls.py, the URLconf of bench/settings.py only (the
settings `make bench` runs with), so it goes through exactly the middleware and gunicorn
settings the real pages do. Whatever a page costs above this view is ours to remove. See
bench/README.md.
"""

from django.http import HttpRequest, HttpResponse


def bench_floor(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain")
