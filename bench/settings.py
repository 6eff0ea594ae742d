"""The production settings, with the benchmark's floor view and, under `make bench`, static
files collected into a temporary directory.

bench/run.py runs collectstatic and gunicorn with this module, so that a benchmark never
writes to (or serves from) the project's own staticfiles/ directory; bench/profile_pages.py
uses it in-process. Nothing else differs from config.settings.
"""

import os
from pathlib import Path

from config.settings import *  # noqa: F403

# The project's URLs plus /bench/floor/ (bench/urls.py); config/urls.py never has it.
ROOT_URLCONF = "bench.urls"

if "BENCH_STATIC_ROOT" in os.environ:  # set by bench/run.py
    STATIC_ROOT = Path(os.environ["BENCH_STATIC_ROOT"])
