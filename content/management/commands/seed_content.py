"""``python manage.py seed_content``: load content/starter/ without overwriting edits."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from content.seed import SeedError, seed_content
from content.starter_files import STARTER_DIR, StarterFileError


class Command(BaseCommand):
    help = (
        "Load the clinic's starter guidance (the files in content/starter/). Creates only what "
        "is missing, matched by slug; never changes anything staff have edited. Safe to "
        "re-run. To retire a starter item, move it back to draft: a deleted one is created "
        "again."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if not STARTER_DIR.is_dir():
            raise CommandError(f"No starter content: {STARTER_DIR} is missing.")
        try:
            result = seed_content(directory=STARTER_DIR)
        except (StarterFileError, SeedError, ValidationError) as error:
            raise CommandError(f"Starter content not loaded: {error}") from error
        self.stdout.write(self.style.SUCCESS(str(result)))
