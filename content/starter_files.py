"""Read the clinic's starter content: one Markdown file per item under content/starter/.

A file is YAML front matter (short fields, tag codes, order, review stamp) and a Markdown
body (the longer fields, under ``# Heading`` lines). content/starter/README.md explains
the layout to the clinicians who review it; this module holds every file to it and turns
it into model field values without touching the database (``content.seed`` saves them).

One source for each fact: tag codes are checked against the triage engine's protocol
values, and the line ``{{ emergency_signs }}`` becomes the engine's emergency signs.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml
from django.db import models

from content.models import (
    AVOID_IF_GENERAL,
    CareAdvice,
    ClinicLocation,
    ClinicProfile,
    Guide,
    GuideTopic,
    PainRelief,
    Plan,
    PlanPhase,
    Status,
    Stretch,
    TagKind,
    Tip,
)
from triage.engine import NONE, QUESTIONS_BY_KEY, Outcome, Pattern
from triage.wording import sign_groups

STARTER_DIR = Path(__file__).resolve().parent / "starter"

#: A line of its own in a Markdown body that becomes the emergency signs, as the
#: emergency question asks about them (PROTOCOL.md v3: the same groups and words).
EMERGENCY_SIGNS = "{{ emergency_signs }}"

#: The protocol values each kind of tag may use (PROTOCOL.md "Questions", "Pattern",
#: "Outcomes"), from the engine: "none of these" is an answer, not something to tag.
TAG_CODES: Mapping[TagKind, tuple[str, ...]] = MappingProxyType(
    {
        TagKind.LOCATION: QUESTIONS_BY_KEY["location"].values,
        TagKind.PATTERN: tuple(Pattern),
        TagKind.ACTIVITY: QUESTIONS_BY_KEY["activity"].values,
        TagKind.HISTORY: tuple(v for v in QUESTIONS_BY_KEY["history"].values if v != NONE),
        TagKind.OUTCOME: tuple(Outcome),
        # Only the answers a stretch may be avoided for (PROTOCOL.md v3), each checked
        # against the engine's ``general`` values.
        TagKind.GENERAL: tuple(
            code for code in QUESTIONS_BY_KEY["general"].values if code in AVOID_IF_GENERAL
        ),
    }
)


class StarterFileError(Exception):
    """A starter file does not follow content/starter/README.md."""


def emergency_signs() -> str:
    """The emergency signs as Markdown, in the protocol's five groups: each
    group's heading as a bold line, then one bullet per sign with its bold lead-in and its
    full description (PROTOCOL.md v3, "Presentation")."""
    return "\n\n".join(
        f"**{group.heading}**\n\n"
        + "\n".join(f"- **{sign.lead}** {sign.description}" for sign in group.signs)
        for group in sign_groups()
    )


# ----------------------------------------------------------------- reading values
# A reader checks one value from a file and returns it as the model wants it; it raises
# ValueError with words for the person who edits the file.

Reader = Callable[[object], Any]


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError(f"must be text, not {value!r} (put it in quotes)")
    return value


def _number(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"must be a whole number, not {value!r}")
    return value


def _yes_no(value: object) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"must be true or false, not {value!r}")
    return value


def _date(value: object) -> datetime.date:
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    raise ValueError(f"must be a date written YYYY-MM-DD, not {value!r}")


def _one_of(choices: tuple[str, ...]) -> Reader:
    def read(value: object) -> str:
        if value not in choices:
            raise ValueError(f"unknown code {value!r} (allowed: {', '.join(choices)})")
        return str(value)

    return read


def _codes(kind: TagKind) -> Reader:
    allowed = TAG_CODES[kind]

    def read(value: object) -> tuple[str, ...]:
        if not isinstance(value, list):
            raise ValueError(f"must be a list like [{allowed[0]}], not {value!r}")
        unknown = [code for code in value if code not in allowed]
        if unknown:
            raise ValueError(
                f"unknown {kind.label.lower()} code {unknown[0]!r} (allowed: {', '.join(allowed)})"
            )
        if len(set(value)) != len(value):
            raise ValueError("lists a code twice")
        return tuple(value)

    return read


def _markdown(value: object) -> str:
    text = _text(value)
    lines = [emergency_signs() if line == EMERGENCY_SIGNS else line for line in text.split("\n")]
    text = "\n".join(lines)
    if "{{" in text or "}}" in text:
        raise ValueError(f"{{{{ }}}} is only for a line {EMERGENCY_SIGNS} of its own")
    return text


_STEP = re.compile(r"(\d+)\. (\S.*)")


def _steps(value: object) -> str:
    """A numbered list, one step per line; stored without the numbers, one per line."""
    steps = []
    for number, line in enumerate(_text(value).split("\n"), start=1):
        match = _STEP.fullmatch(line)
        if match is None or int(match[1]) != number:
            raise ValueError(f"step {number} must be a line starting {number}. , not {line!r}")
        steps.append(match[2].strip())
    return "\n".join(steps)


# ------------------------------------------------------------------------- kinds


@dataclass(frozen=True)
class Children:
    """Rows that belong to an item (a plan's phases, the clinic's locations), in order."""

    model: type[models.Model]
    parent: str  # the foreign key to the item
    # Where they are: a front-matter list of mappings with these keys, or (None) the body,
    # as "# <heading> 1: <title>" sections with "## " sub-sections.
    front_key: str | None
    fields: Mapping[str, tuple[str, Reader]]  # key or sub-heading -> model field, reader
    heading: str = ""


@dataclass(frozen=True)
class Kind:
    """One kind of starter item and how its files are laid out."""

    path: str  # a folder of files under content/starter/, or one file there
    model: type[models.Model]
    key: str  # the model field the file name gives (slug, outcome); "" for one file
    front: Mapping[str, Reader]  # front-matter key -> reader; the model field is the key
    # Front-matter key -> the kind of tag its codes are, and the model's tag field.
    tags: Mapping[str, tuple[TagKind, str]] = field(default_factory=dict)
    # Body heading -> model field and reader; the heading "" takes the whole body.
    body: Mapping[str, tuple[str, Reader]] = field(default_factory=dict)
    children: Children | None = None
    fixed: Mapping[str, Any] = field(default_factory=dict)  # the same for every item


@dataclass(frozen=True)
class Item:
    """One starter file, read: the model's field values, tag codes and child rows."""

    path: Path
    key: str
    fields: Mapping[str, Any]
    tags: Mapping[str, tuple[str, ...]]  # front-matter key -> codes, as in the file
    children: tuple[Mapping[str, Any], ...] = ()


_REVIEWED: Mapping[str, Reader] = {"last_reviewed_on": _date, "reviewed_by": _text}
_EDITORIAL: Mapping[str, Reader] = {"title": _text, "summary": _text, "order": _number}

CLINIC_KIND = Kind(
    path="clinic.md",
    model=ClinicProfile,
    key="",
    front=dict.fromkeys(
        ("name", "tagline", "phone", "urgent_phone", "email", "booking_url", "emergency_number"),
        _text,
    ),
    body={"Opening hours": ("opening_hours", _markdown)},
    children=Children(
        model=ClinicLocation,
        parent="clinic",
        front_key="locations",
        fields={name: (name, _text) for name in ("name", "address", "phone", "opening_hours")},
    ),
)

#: In the order they are loaded (and were before: it keeps database ids the same).
KINDS: tuple[Kind, ...] = (
    CLINIC_KIND,
    Kind(
        path="stretches",
        model=Stretch,
        key="slug",
        front={**_EDITORIAL, "position": _text, "hold": _text, "repetitions": _text, **_REVIEWED},
        tags={
            "body_areas": (TagKind.LOCATION, "body_areas"),
            "patterns": (TagKind.PATTERN, "patterns"),
            "avoid_patterns": (TagKind.PATTERN, "avoid_if"),
            "avoid_history": (TagKind.HISTORY, "avoid_if"),
            "avoid_general": (TagKind.GENERAL, "avoid_if"),
        },
        body={
            "Steps": ("steps", _steps),
            "Take care": ("cautions", _markdown),
            "Stop if": ("stop_if", _markdown),
        },
        fixed={"status": Status.PUBLISHED},
    ),
    Kind(
        path="tips",
        model=Tip,
        key="slug",
        front={**_EDITORIAL, "safety_relevant": _yes_no, **_REVIEWED},
        tags={
            "activities": (TagKind.ACTIVITY, "activities"),
            "body_areas": (TagKind.LOCATION, "body_areas"),
        },
        body={"": ("body", _markdown)},
        fixed={"status": Status.PUBLISHED},
    ),
    Kind(
        path="plans",
        model=Plan,
        key="slug",
        front={**_EDITORIAL, "after_doctor_check": _yes_no, **_REVIEWED},
        tags={
            "patterns": (TagKind.PATTERN, "patterns"),
            "body_areas": (TagKind.LOCATION, "body_areas"),
        },
        children=Children(
            model=PlanPhase,
            parent="plan",
            front_key=None,
            heading="Phase",
            fields={
                "How long": ("duration", _text),
                "What to do": ("what_to_do", _markdown),
                "Move on when": ("move_on_when", _markdown),
                "Stop if": ("stop_if", _markdown),
            },
        ),
        fixed={"status": Status.PUBLISHED},
    ),
    Kind(
        path="care_advice",
        model=CareAdvice,
        key="outcome",
        front={"headline": _text, **_REVIEWED},
        body={
            "What to do now": ("do_now", _markdown),
            "What not to do": ("do_not", _markdown),
            "When to get help sooner": ("escalate", _markdown),
            "What to tell the clinician": ("tell_clinician", _markdown),
        },
        fixed={"status": Status.PUBLISHED},
    ),
    Kind(
        path="guides",
        model=Guide,
        key="slug",
        front={**_EDITORIAL, "topic": _one_of(tuple(GuideTopic.values)), **_REVIEWED},
        tags={"outcomes": (TagKind.OUTCOME, "outcomes")},
        body={"": ("body", _markdown)},
        fixed={"status": Status.PUBLISHED},
    ),
    Kind(
        path="pain_relief.md",
        model=PainRelief,
        key="",
        front={**_REVIEWED},
        body={
            "For most people": ("may_suggest", _markdown),
            "If anti-inflammatories are not safe for you": ("ask_first", _markdown),
        },
        fixed={"status": Status.PUBLISHED},
    ),
)

KINDS_BY_PATH: Mapping[str, Kind] = MappingProxyType({kind.path: kind for kind in KINDS})

# The file name is the key: an outcome code for care advice (the engine's outcomes).
_KEYS: Mapping[str, Reader] = {"outcome": _one_of(tuple(Outcome))}


# ------------------------------------------------------------------------- files

_FRONT_MATTER = re.compile(r"---\n(.*?\n)?---\n(.*)", re.DOTALL)


def _sections(body: str, level: int) -> list[tuple[str, str]]:
    """``body`` cut at its "# " (level 1) or "## " (level 2) heading lines."""
    mark = "#" * level + " "
    sections: list[tuple[str, list[str]]] = [("", [])]
    for line in body.split("\n"):
        if line.startswith(mark):
            sections.append((line.removeprefix(mark).strip(), []))
        else:
            sections[-1][1].append(line)
    before = "\n".join(sections[0][1]).strip()
    if before:
        first = before.split("\n")[0]
        raise ValueError(f"text before the first {mark.strip()} heading: {first!r}")
    return [(heading, "\n".join(lines).strip()) for heading, lines in sections[1:]]


def _fields(
    sections: list[tuple[str, str]], spec: Mapping[str, tuple[str, Reader]], where: str
) -> dict[str, Any]:
    headings = [heading for heading, _ in sections]
    if sorted(headings) != sorted(spec):
        raise ValueError(
            f"{where} headings are {headings}; they must be exactly {list(spec)}, once each"
        )
    values = {}
    for heading, text in sections:
        name, read = spec[heading]
        try:
            values[name] = read(text)
        except ValueError as error:
            raise ValueError(f"{where} {heading!r}: {error}") from None
    return values


def _body_children(body: str, children: Children) -> list[dict[str, Any]]:
    rows = []
    for number, (heading, text) in enumerate(_sections(body, level=1), start=1):
        match = re.fullmatch(rf"{children.heading} (\d+): (\S.*)", heading)
        if match is None or int(match[1]) != number:
            raise ValueError(
                f"heading {heading!r} must be '# {children.heading} {number}: <title>'"
            )
        where = f"{children.heading} {number}:"
        rows.append(
            {"title": match[2], **_fields(_sections(text, level=2), children.fields, where)}
        )
    if not rows:
        raise ValueError(f"no '# {children.heading} 1: <title>' heading")
    return rows


def _front_children(value: object, children: Children) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not all(isinstance(row, dict) for row in value):
        raise ValueError("must be a list of entries, each starting '- '")
    rows = []
    for number, row in enumerate(value, start=1):
        if set(row) != set(children.fields):
            raise ValueError(f"entry {number} must have exactly {', '.join(children.fields)}")
        rows.append(
            {
                name: _check(read, row[key], f"entry {number} {key}")
                for key, (name, read) in children.fields.items()
            }
        )
    return rows


def _check(read: Reader, value: object, where: str) -> Any:
    try:
        return read(value)
    except ValueError as error:
        raise ValueError(f"{where}: {error}") from None


def read_item(kind: Kind, path: Path) -> Item:
    """Read and check one starter file of ``kind``."""
    try:
        return _read_item(kind, path)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, ValueError) as error:
        raise StarterFileError(f"{path}: {error}") from error


def _read_item(kind: Kind, path: Path) -> Item:
    match = _FRONT_MATTER.fullmatch(path.read_text(encoding="utf-8"))
    if match is None:
        raise ValueError("must start with front matter between two '---' lines")
    front = yaml.safe_load(match[1] or "") or {}
    if not isinstance(front, dict):
        raise ValueError("the front matter must be 'name: value' lines")
    children = kind.children
    expected = [
        *kind.front,
        *kind.tags,
        *([children.front_key] if children and children.front_key else []),
    ]
    problems = [f"{key!r} is missing" for key in expected if key not in front] + [
        f"{key!r} is not a field here" for key in front if key not in expected
    ]
    if problems:
        raise ValueError(f"front matter: {'; '.join(problems)}")

    key = path.stem if kind.key else ""
    fields: dict[str, Any] = {**kind.fixed}
    if kind.key:
        fields[kind.key] = _check(_KEYS.get(kind.key, _text), key, "file name")
    fields |= {name: _check(read, front[name], name) for name, read in kind.front.items()}
    tags = {name: _check(_codes(tag), front[name], name) for name, (tag, _) in kind.tags.items()}

    body = match[2]
    if list(kind.body) == [""]:
        fields[kind.body[""][0]] = _check(kind.body[""][1], body.strip(), "body")
    elif kind.body:
        fields |= _fields(_sections(body, level=1), kind.body, "body")
    rows: list[dict[str, Any]] = []
    if children and children.front_key:
        try:
            rows = _front_children(front[children.front_key], children)
        except ValueError as error:
            raise ValueError(f"{children.front_key}: {error}") from None
    elif children:
        rows = _body_children(body, children)
    return Item(path=path, key=key, fields=fields, tags=tags, children=tuple(rows))


def read_kind(kind: Kind, *, directory: Path = STARTER_DIR) -> list[Item]:
    """Every file of ``kind``, in the order it is loaded: by ``order``, then file name
    (care advice, which has no order, in the engine's outcome order)."""
    where = directory / kind.path
    if kind.path.endswith(".md"):
        return [read_item(kind, where)]
    if not where.is_dir():
        raise StarterFileError(f"{where}: the folder is missing")
    items = [read_item(kind, path) for path in sorted(where.glob("*.md"))]
    outcomes = list(Outcome)
    return sorted(
        items,
        key=lambda item: (
            item.fields.get("order", 0),
            outcomes.index(Outcome(item.key)) if kind.key == "outcome" else 0,
            item.key,
        ),
    )


def read_all(*, directory: Path = STARTER_DIR) -> dict[str, list[Item]]:
    """Every starter file, checked, by kind (the kind's ``path``)."""
    return {kind.path: read_kind(kind, directory=directory) for kind in KINDS}


def read_clinic(*, directory: Path = STARTER_DIR) -> dict[str, Any]:
    """The starter clinic profile as the file has it, with its ``locations``."""
    (item,) = read_kind(CLINIC_KIND, directory=directory)
    return {**item.fields, "locations": [dict(row) for row in item.children]}
