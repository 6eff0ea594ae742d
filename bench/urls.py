"""The project's URLs plus the benchmark's floor, /bench/floor/ (bench/floor.py).

Used only by bench/settings.py (ROOT_URLCONF), which `make bench` (bench/run.py) and
bench/profile_pages.py run with: production code never imports the benchmark.
"""

from django.urls import URLPattern, URLResolver, path

from bench.floor import bench_floor
from config.urls import handler400, handler404, handler500
from config.urls import urlpatterns as project_urlpatterns

__all__ = ["handler400", "handler404", "handler500", "urlpatterns"]

urlpatterns: list[URLPattern | URLResolver] = [
    *project_urlpatterns,
    path("bench/floor/", bench_floor, name="bench_floor"),
]
