"""The database cache table comes with the migrations.

Without REDIS_URL, Django's cache (CACHES in config/settings.py) is the ``django_cache``
table, which ``manage.py createcachetable`` makes, not ``migrate``. A site set up with
``migrate`` and ``seed_content`` alone then had no table: every result page paid for the
missing cache (and, before content/services.py stopped it, lost its clinic content). So
``migrate`` makes it too, on the database it migrates: Django's own command, which
creates each configured database cache table that does not exist yet and does nothing for
Redis. Settings, not the migration state, say what the cache is, as for the command.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("content", "0006_v3_safety_on_existing_starter_content")]

    operations = [
        # Reversing leaves the table: it holds only what can be worked out again, and
        # `createcachetable` (or this migration) may have made it before.
        migrations.RunPython(create_cache_table, migrations.RunPython.noop, elidable=False),
    ]
