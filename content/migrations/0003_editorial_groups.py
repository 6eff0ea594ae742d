"""Two staff groups for the editorial workflow (see content/admin.py):

- "Clinical reviewer": add, change, delete and publish everything; edits the clinic profile.
- "Content editor": adds and changes drafts only; cannot publish, delete or touch the
  clinic profile. Published items are read-only for editors.

Staff are put in a group in the admin (Users → Groups). Permissions are created here,
not left to post_migrate, so that the groups are complete on a fresh database.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REVIEWER = "Clinical reviewer"
EDITOR = "Content editor"

PUBLISHABLE = ["stretch", "tip", "plan", "guide", "careadvice"]
EDITOR_PERMISSIONS = [
    *(f"{action}_{model}" for model in PUBLISHABLE for action in ("add", "change", "view")),
    "add_planphase",
    "change_planphase",
    "delete_planphase",
    "view_planphase",
    "view_clinicprofile",
    "view_cliniclocation",
    "view_tag",
]
REVIEWER_PERMISSIONS = [
    *(
        f"{action}_{model}"
        for model in [*PUBLISHABLE, "planphase", "clinicprofile", "cliniclocation"]
        for action in ("add", "change", "delete", "view")
    ),
    *(f"publish_{model}" for model in PUBLISHABLE),
    "view_tag",
]


def create_groups(apps, schema_editor):
    app_config = apps.get_app_config("content")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in [(REVIEWER, REVIEWER_PERMISSIONS), (EDITOR, EDITOR_PERMISSIONS)]:
        group, _ = Group.objects.get_or_create(name=name)
        permissions = Permission.objects.filter(
            content_type__app_label="content", codename__in=codenames
        )
        missing = set(codenames) - set(permissions.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"Missing permissions for {name}: {sorted(missing)}")
        group.permissions.add(*permissions)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[REVIEWER, EDITOR]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0002_seed_tags"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
