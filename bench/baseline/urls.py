"""The project's URLs plus the baseline wizard at /baseline/ (bench/baseline/views.py).

Used only by bench/baseline_settings.py: the project's pages stay (base.html links to
them, and bench/run.py waits for /healthz), so the two servers differ only by the wizard
and the session engine.
"""

from django.urls import URLPattern, URLResolver, path

from bench.baseline.views import BaselineWizard
from config.urls import handler400, handler404, handler500
from config.urls import urlpatterns as project_urlpatterns

__all__ = ["handler400", "handler404", "handler500", "urlpatterns"]

urlpatterns: list[URLPattern | URLResolver] = [
    *project_urlpatterns,
    path("baseline/", BaselineWizard.as_view(), name="baseline"),
]
