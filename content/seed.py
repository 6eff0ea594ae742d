"""Load the starter content (the files in content/starter/) into the database.

Idempotent and respectful of staff edits: an item is created only when nothing with its
slug (or outcome, or the clinic profile) exists yet; an existing row is never changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.db import models, transaction

from content.models import Tag, TagKind
from content.starter_files import KINDS, STARTER_DIR, Item, Kind, read_all

CHANGE_REASON = "Loaded starter content"


class SeedError(Exception):
    """The starter content needs a tag the database does not have (run ``migrate``)."""


@dataclass
class SeedResult:
    created: int = 0
    kept: int = 0

    def __str__(self) -> str:
        return f"Created {self.created}, kept {self.kept}"


class _Tags:
    def __init__(self) -> None:
        self._by_key = {(tag.kind, tag.code): tag for tag in Tag.objects.all()}

    def get(self, kind: TagKind, codes: Iterable[str], *, where: str) -> list[Tag]:
        tags = []
        for code in codes:
            tag = self._by_key.get((kind.value, code))
            if tag is None:
                raise SeedError(f"{where}: no {kind.label.lower()} tag {code!r} in the database")
            tags.append(tag)
        return tags


def _save[M: models.Model](obj: M) -> M:
    # django-simple-history reads this attribute to label the history entry.
    obj._change_reason = CHANGE_REASON  # type: ignore[attr-defined]
    obj.full_clean()
    obj.save()
    return obj


def _existing(kind: Kind) -> set[str]:
    """The keys of the items of ``kind`` already in the database ("" for the clinic)."""
    rows = kind.model._default_manager
    if not kind.key:
        return {""} if rows.exists() else set()
    return {str(key) for key in rows.values_list(kind.key, flat=True)}


def _create(kind: Kind, item: Item, tags: _Tags) -> None:
    obj = _save(kind.model(**item.fields))
    by_field: dict[str, list[Tag]] = {}
    for name, (tag_kind, tag_field) in kind.tags.items():
        found = tags.get(tag_kind, item.tags[name], where=f"{item.path}: {name}")
        by_field.setdefault(tag_field, []).extend(found)
    for tag_field, field_tags in by_field.items():
        getattr(obj, tag_field).set(field_tags)
    if kind.children:
        for order, row in enumerate(item.children, start=1):
            _save(kind.children.model(**{kind.children.parent: obj, "order": order, **row}))


@transaction.atomic
def seed_content(*, directory: Path = STARTER_DIR) -> SeedResult:
    """Create every starter item that does not exist yet; never change an existing row.

    Every file is read and checked first (``content.starter_files``). Items are matched by
    slug (care advice by outcome; the clinic profile is a singleton). Created items are
    published with the review date and reviewer from their file. All or nothing: an
    error leaves the database unchanged.
    """
    items = read_all(directory=directory)
    result = SeedResult()
    tags = _Tags()
    for kind in KINDS:
        existing = _existing(kind)
        for item in items[kind.path]:
            if item.key in existing:
                result.kept += 1
            else:
                _create(kind, item, tags)
                result.created += 1
    return result
