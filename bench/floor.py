"""The benchmark's floor: the cheapest response this Django app can give.

Mounted at /bench/floor/ only when settings.BENCH_FLOOR is on (DJANGO_BENCH_FLOOR=1, set by
bench/run.py), so it goes through exactly the middleware and gunicorn settings the real
pages do. Whatever a page costs above this view is ours to remove. See bench/README.md.
"""

from django.http import HttpRequest, HttpResponse


def bench_floor(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain")
