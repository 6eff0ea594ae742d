"""The benchmark's settings (bench/settings.py) serving the baseline wizard instead.

bench/journey_cpu.py runs a second gunicorn with this module: the same middleware,
templates, database and gunicorn settings as ours, with two changes, the URLs (the
project's plus /baseline/, bench/baseline/urls.py) and Django's stock "db" session engine,
the one a developer would start with. The baseline's templates are in
bench/baseline/templates.
"""

from bench.settings import *  # noqa: F403
from bench.settings import BASE_DIR, TEMPLATES

ROOT_URLCONF = "bench.baseline.urls"
SESSION_ENGINE = "django.contrib.sessions.backends.db"

TEMPLATES = [
    {
        **TEMPLATES[0],
        "DIRS": [BASE_DIR / "bench" / "baseline" / "templates", BASE_DIR / "templates"],
    }
]
