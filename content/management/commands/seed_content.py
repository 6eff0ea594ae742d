"""``python manage.py seed_content``: load content/starter.py without overwriting edits."""

from __future__ import annotations

import importlib
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from content.seed import SeedError, StarterData, seed_content

STARTER_MODULE = "content.starter"


class Command(BaseCommand):
    help = (
        "Load the clinic's starter guidance (content/starter.py). Creates only what is "
        "missing, matched by slug; never changes anything staff have edited. Safe to re-run. "
        "To retire a starter item, move it back to draft: a deleted one is created again."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            # Imported here, not at module level: the data file is large and only this
            # command needs it.
            data = cast(StarterData, importlib.import_module(STARTER_MODULE))
        except ModuleNotFoundError as error:
            raise CommandError(f"No starter content: {STARTER_MODULE} is missing.") from error
        try:
            result = seed_content(data=data)
        except (SeedError, ValidationError, KeyError) as error:
            raise CommandError(f"Starter content not loaded: {error}") from error
        self.stdout.write(self.style.SUCCESS(str(result)))
