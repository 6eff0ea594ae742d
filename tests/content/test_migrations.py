"""The data migrations that bring a site seeded with older starter content up to the
protocol's safety rules (content/migrations/0006_v3_safety_on_existing_starter_content.py),
run on rows as a v2 site has them; and the database cache table that `migrate` makes
(content/migrations/0007_cache_table.py)."""

from __future__ import annotations

import importlib
from collections.abc import Iterator

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection

from content.models import CareAdvice, Guide, PlanPhase
from tests.factories import make_care_advice, make_guide, make_plan, make_stretch

pytestmark = pytest.mark.django_db

v3 = importlib.import_module("content.migrations.0006_v3_safety_on_existing_starter_content")


def avoid_codes(stretch) -> set[tuple[str, str]]:
    return {(tag.kind, tag.code) for tag in stretch.avoid_if.all()}


def test_starter_stretches_on_an_existing_site_get_the_v3_avoid_tags():
    cat_cow = make_stretch(slug="cat-cow", patterns=["nerve", "soreness"])
    knee = make_stretch(slug="knee-to-chest", avoid_history=["disc_condition"])
    own = make_stretch(slug="clinic-own-stretch")
    v3.tick_avoid_tags(apps, None)
    assert avoid_codes(cat_cow) == {("pattern", "nerve"), ("general", "osteoporosis_steroids")}
    assert avoid_codes(knee) == {
        ("history", "disc_condition"),  # kept
        ("pattern", "nerve"),
        ("general", "osteoporosis_steroids"),
        ("general", "pregnant"),
    }
    assert avoid_codes(own) == set()


def test_the_v2_ibuprofen_sentences_go_where_staff_have_not_rewritten_them():
    bullet = v3.V2_IBUPROFEN_BULLET
    untouched = make_care_advice(outcome="self_care", do_now=f"- Rest.\n{bullet}- Sleep.")
    rewritten = make_care_advice(
        outcome="urgent", do_now="- Ibuprofen can help, but ask our pharmacist first."
    )
    phase = make_plan().phases.get(order=1)
    phase.what_to_do = f"- Walk.\n{bullet}\nDo not rush."
    phase.save()
    guide = make_guide(
        body=f"## Pain relief\n\n{v3.V2_GUIDE_PARAGRAPH}\n\n## Sleep\n\nOn your side."
    )

    v3.remove_v2_ibuprofen(apps, None)

    assert CareAdvice.objects.get(pk=untouched.pk).do_now == "- Rest.\n- Sleep."
    assert CareAdvice.objects.get(pk=rewritten.pk).do_now == rewritten.do_now
    assert PlanPhase.objects.get(pk=phase.pk).what_to_do == "- Walk.\n\nDo not rush."
    assert Guide.objects.get(pk=guide.pk).body == (
        f"## Pain relief\n\n{v3.V3_GUIDE_PARAGRAPH}\n\n## Sleep\n\nOn your side."
    )
    assert "ibuprofen" not in v3.V3_GUIDE_PARAGRAPH.lower()


def test_the_migration_writes_what_a_new_site_gets_from_the_starter_files():
    from content.starter_files import read_all

    guide = next(
        item for item in read_all()["guides"] if item.key == "treating-back-pain-after-exercise"
    )
    assert v3.V3_GUIDE_PARAGRAPH in guide.fields["body"]
    stretches = {item.key: item for item in read_all()["stretches"]}
    for slug, tags in v3.AVOID.items():
        item = stretches[slug]
        in_file = {("pattern", c) for c in item.tags["avoid_patterns"]} | {
            ("general", c) for c in item.tags["avoid_general"]
        }
        assert set(tags) <= in_file, slug
    # Every v3 health tag of the starter files is ticked by the migration too.
    ticked = {
        (slug, code) for slug, tags in v3.AVOID.items() for kind, code in tags if kind == "general"
    }
    assert ticked == {
        (slug, code) for slug, item in stretches.items() for code in item.tags["avoid_general"]
    }


# --- The database cache table comes with `migrate` (0007_cache_table) ----------------------

cache_table_migration = importlib.import_module("content.migrations.0007_cache_table")
NEW_TABLE = "backontrack_cache_from_migrate"


def table_names() -> list[str]:
    with connection.cursor() as cursor:
        return connection.introspection.table_names(cursor)


@pytest.fixture
def database_cache_elsewhere(settings) -> Iterator[str]:
    """The database cache configured in a table nobody has made yet; dropped afterwards."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": NEW_TABLE,
        },
    }
    assert NEW_TABLE not in table_names()
    yield NEW_TABLE
    if NEW_TABLE in table_names():
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE {connection.ops.quote_name(NEW_TABLE)}")


# migrate runs outside the test's own transaction, as it does on a site.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_migrate_alone_makes_the_database_cache_table(database_cache_elsewhere):
    call_command("migrate", "content", "0006", verbosity=0)  # 0007 unapplied: no table
    assert database_cache_elsewhere not in table_names()
    call_command("migrate", "content", verbosity=0)
    assert database_cache_elsewhere in table_names()
    cache.set("kept", "in the table")
    assert cache.get("kept") == "in the table"


def test_the_cache_table_migration_leaves_an_existing_table_alone():
    # The test database has `django_cache` already (Django's test set-up makes it).
    cache.set("kept", "in the table")
    cache_table_migration.create_cache_table(apps, connection.schema_editor())
    assert cache.get("kept") == "in the table"


def test_the_cache_table_migration_makes_nothing_for_redis(settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "config.cache.RedisCache", "LOCATION": "redis://127.0.0.1:9/0"},
    }
    before = table_names()
    cache_table_migration.create_cache_table(apps, connection.schema_editor())
    assert table_names() == before
