"""Protocol v3 safety changes for a site that loaded the v2 starter content.

``seed_content`` never changes a row that exists, so a site seeded before v3 would keep
offering cat-cow to someone with osteoporosis, and suggesting ibuprofen in its care
advice to someone on a blood thinner, beside the new pain relief advice. As
0004_tip_safety_and_areas_plan_areas did for "always show" tips, this migration makes the
safety changes on existing rows, and only where they can only make a result safer:

- it ticks the v3 "never suggest if" tags (PROTOCOL.md v3: osteoporosis, pregnancy, and
  nerve symptoms for every forward fold) on the starter stretches, found by their web
  address; staff can untick any of them in the admin;
- it removes the v2 sentences that suggested ibuprofen, where they are still word for
  word the starter text (a sentence staff have rewritten is left for them to review). The
  pain relief advice (PainRelief, loaded by ``seed_content``) now says it, for each person.

Other v3 wording (the "get help sooner" lists, the chiropractor caution, the warm-up tip)
reaches a new site through the starter files; an existing site's staff edit it in the
admin.
"""

from django.db import migrations

AVOID = {
    "cat-cow": [("pattern", "nerve"), ("general", "osteoporosis_steroids")],
    "childs-pose": [("general", "osteoporosis_steroids")],
    "knee-to-chest": [
        ("pattern", "nerve"),
        ("general", "osteoporosis_steroids"),
        ("general", "pregnant"),
    ],
    "lying-trunk-rotation": [("general", "osteoporosis_steroids"), ("general", "pregnant")],
    "thread-the-needle": [("general", "osteoporosis_steroids")],
    "bridge": [("general", "pregnant")],
    "hamstring-stretch": [("general", "pregnant")],
    "pelvic-tilt": [("general", "pregnant")],
    "press-up": [("general", "pregnant")],
}

V2_IBUPROFEN_BULLET = (
    "- Pain relief from the pharmacy, such as ibuprofen, can help. Take it as the label "
    "says. Ask a pharmacist first if you have stomach or kidney problems or asthma, or if "
    "you are pregnant. Ask first too after a very hard workout, as ibuprofen can then harm "
    "your kidneys.\n"
)
V2_GUIDE_PARAGRAPH = (
    "Over-the-counter pain relief (medicine you can buy without a prescription) can help. "
    "Ibuprofen is one example. Take it as the label says. Ask a pharmacist before you take "
    "ibuprofen if you have stomach or kidney problems or asthma, or if you are pregnant. "
    "Ask first too after a very hard workout, as ibuprofen can then harm your kidneys. And "
    "ask if you have other health problems or take other medicines."
)
V3_GUIDE_PARAGRAPH = (
    "Over-the-counter pain relief (medicine you can buy without a prescription) can help. "
    "But some kinds are not safe for everyone. That depends on your health, your age, "
    "other medicines you take, and whether you are pregnant. Ask a pharmacist which pain "
    "relief is safe for you, and take it as the label says."
)


def tick_avoid_tags(apps, schema_editor):
    Stretch = apps.get_model("content", "Stretch")
    Tag = apps.get_model("content", "Tag")
    tags = {(tag.kind, tag.code): tag for tag in Tag.objects.all()}
    for stretch in Stretch.objects.filter(slug__in=AVOID):
        stretch.avoid_if.add(*(tags[key] for key in AVOID[stretch.slug]))


def remove_v2_ibuprofen(apps, schema_editor):
    for model, field in [("CareAdvice", "do_now"), ("PlanPhase", "what_to_do")]:
        rows = apps.get_model("content", model).objects.filter(
            **{f"{field}__contains": V2_IBUPROFEN_BULLET}
        )
        for row in rows:
            setattr(row, field, getattr(row, field).replace(V2_IBUPROFEN_BULLET, ""))
            row.save(update_fields=[field])
    Guide = apps.get_model("content", "Guide")
    for guide in Guide.objects.filter(body__contains=V2_GUIDE_PARAGRAPH):
        guide.body = guide.body.replace(V2_GUIDE_PARAGRAPH, V3_GUIDE_PARAGRAPH)
        guide.save(update_fields=["body"])


class Migration(migrations.Migration):
    dependencies = [("content", "0005_v3_general_tags_pain_relief")]

    operations = [
        migrations.RunPython(tick_avoid_tags, migrations.RunPython.noop),
        migrations.RunPython(remove_v2_ibuprofen, migrations.RunPython.noop),
    ]
