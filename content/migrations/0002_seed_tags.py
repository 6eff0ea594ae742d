"""Every protocol value content can be tagged with (PROTOCOL.md, "Questions", "Pattern",
"Outcomes"). Codes are the protocol's; labels are what staff see next to the checkboxes."""

from django.db import migrations

TAGS = {
    "location": [
        ("neck", "Neck"),
        ("upper_back", "Upper back"),
        ("lower_back", "Lower back"),
    ],
    "pattern": [
        ("nerve", "Nerve pain: spreading down a leg or arm, numbness, tingling or burning"),
        ("strain", "Strain: came on suddenly during exercise, or sharp pain"),
        ("soreness", "Soreness: dull ache a day or two after a workout, for under a week"),
        ("persistent", "Long-lasting (over 3 months) or keeps coming back"),
        ("general", "Other back or neck pain"),
    ],
    "activity": [
        ("high_impact", "Running, jumping, HIIT or plyometrics"),
        ("heavy_lifting", "Heavy lifting: deadlifts, squats, kettlebell swings, Olympic lifts"),
        ("twisting", "Twisting or rotation moves"),
        ("yoga_backbends", "Yoga backbends or inversions"),
        ("pivoting_sports", "Sports with quick pivots and cuts: tennis, basketball, hockey"),
        ("contact_sports", "Contact sports"),
        ("core_work", "Crunches and sit-ups"),
        ("other", "Other exercise"),
    ],
    "history": [
        ("disc_condition", "A bulging, herniated or worn disc"),
        ("stenosis_arthritis", "Spinal stenosis or arthritis in the spine"),
        ("recurring", "Back pain that keeps coming back after exercise"),
    ],
    "outcome": [
        ("emergency", "Emergency: call 911"),
        ("urgent", "See a doctor within 24 to 48 hours"),
        ("see_doctor", "Book a doctor in the next week or two"),
        ("physio", "See a physical therapist"),
        ("self_care", "Look after it at home"),
    ],
}


def add_tags(apps, schema_editor):
    Tag = apps.get_model("content", "Tag")
    for kind, values in TAGS.items():
        for order, (code, label) in enumerate(values, start=1):
            Tag.objects.update_or_create(
                kind=kind, code=code, defaults={"label": label, "order": order}
            )


def remove_tags(apps, schema_editor):
    Tag = apps.get_model("content", "Tag")
    for kind, values in TAGS.items():
        Tag.objects.filter(kind=kind, code__in=[code for code, _ in values]).delete()


class Migration(migrations.Migration):
    dependencies = [("content", "0001_initial")]

    operations = [migrations.RunPython(add_tags, remove_tags)]
