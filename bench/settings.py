"""The production settings, with static files collected into a temporary directory.

bench/run.py runs collectstatic and gunicorn with this module, so that a benchmark never
writes to (or serves from) the project's own staticfiles/ directory. Nothing else differs.
"""

import os
from pathlib import Path

from config.settings import *  # noqa: F403

STATIC_ROOT = Path(os.environ["BENCH_STATIC_ROOT"])
