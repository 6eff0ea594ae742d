import pytest
from django.urls import reverse

from content.models import Stretch
from tests.factories import make_guide, make_phase, make_plan, make_stretch, make_tip

pytestmark = pytest.mark.django_db

LIST_PAGES = [
    "content:index",
    "content:stretch_list",
    "content:tip_list",
    "content:plan_list",
    "content:guide_list",
]


@pytest.fixture
def published():
    return {
        "stretch": make_stretch(title="Knee hug", body_areas=["lower_back"]),
        "tip": make_tip(title="Warm up first"),
        "plan": make_plan(title="Soreness plan"),
        "guide": make_guide(title="Soreness or injury"),
    }


@pytest.fixture
def drafts():
    return {
        "stretch": make_stretch(title="Draft stretch", status="draft"),
        "tip": make_tip(title="Draft tip", status="draft"),
        "plan": make_plan(title="Draft plan", status="draft"),
        "guide": make_guide(title="Draft guide", status="draft"),
    }


@pytest.mark.parametrize("name", LIST_PAGES)
def test_list_pages_open(client, published, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert "nhsuk-breadcrumb" in response.content.decode()


@pytest.mark.parametrize("name", LIST_PAGES)
def test_list_pages_open_when_there_is_no_content(client, name):
    assert client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize("kind", ["stretch", "tip", "plan", "guide"])
def test_detail_pages_show_the_review_trail(client, published, kind):
    item = published[kind]
    response = client.get(item.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert f"<h1>{item.title}</h1>" in body
    assert "Last reviewed on November 1, 2026 by Dr Test, PT." in body
    assert "Next review due November 1, 2027." in body
    assert "Draft preview" not in body


@pytest.mark.parametrize("kind", ["stretch", "tip", "plan", "guide"])
def test_drafts_are_404_for_the_public(client, drafts, kind):
    assert client.get(drafts[kind].get_absolute_url()).status_code == 404


@pytest.mark.parametrize("kind", ["stretch", "tip", "plan", "guide"])
def test_staff_can_preview_drafts(editor_client, drafts, kind):
    response = editor_client.get(drafts[kind].get_absolute_url())
    assert response.status_code == 200
    assert "Draft preview" in response.content.decode()


def test_drafts_are_left_out_of_public_lists(client, published, drafts):
    for name in LIST_PAGES:
        body = client.get(reverse(name)).content.decode()
        for draft in drafts.values():
            assert draft.title not in body, name


def test_unknown_slug_is_404(client):
    assert client.get(reverse("content:stretch_detail", args=["no-such"])).status_code == 404


def test_stretch_library_filters_by_body_area_without_javascript(client):
    neck = make_stretch(title="Chin tuck", body_areas=["neck"])
    lower = make_stretch(title="Knee hug", body_areas=["lower_back"])
    body = client.get(reverse("content:stretch_list"), {"area": "neck"}).content.decode()
    assert neck.title in body
    assert lower.title not in body
    assert '<a href="/guidance/stretches/?area=neck" aria-current="page">' in body
    assert "<h1>Stretches for your neck</h1>" in body


def test_unknown_area_shows_all_stretches(client):
    stretch = make_stretch(title="Knee hug")
    response = client.get(reverse("content:stretch_list"), {"area": "<script>"})
    assert response.status_code == 200
    assert stretch.title in response.content.decode()
    assert "<script>" not in response.content.decode().split("</head>")[1]


def test_tips_filter_by_activity(client):
    lifting = make_tip(title="Brace before you lift", activities=["heavy_lifting"])
    yoga = make_tip(title="Ease into backbends", activities=["yoga_backbends"])
    body = client.get(reverse("content:tip_list"), {"activity": "heavy_lifting"}).content.decode()
    assert lifting.title in body
    assert yoga.title not in body


def test_stretch_page_shows_numbered_steps_and_safety(client):
    stretch = make_stretch(steps="Lie down.\nHug your knee.", stop_if="Stop if **numb**.")
    body = client.get(stretch.get_absolute_url()).content.decode()
    assert "<li>Lie down.</li><li>Hug your knee.</li>" in body
    assert "<strong>numb</strong>" in body
    assert "When to stop" in body


def test_plan_page_lists_phases_in_order_with_durations(client):
    plan = make_plan(phases=0)
    make_phase(plan=plan, order=2, title="Build up", duration="1 to 2 weeks")
    make_phase(plan=plan, order=1, title="Calm it down", duration="1 to 3 days")
    body = client.get(plan.get_absolute_url()).content.decode()
    assert body.index("Calm it down") < body.index("Build up")
    assert "1 to 3 days" in body
    assert "1 to 2 weeks" in body


def test_markdown_forced_into_the_database_is_never_rendered_raw(client):
    stretch = make_stretch()
    # Bypass validation, as a bad import or a SQL console could.
    Stretch.objects.filter(pk=stretch.pk).update(
        cautions=(
            '<script>alert("x")</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>'
        ),
        steps="<script>alert(2)</script>",
    )
    body = client.get(stretch.get_absolute_url()).content.decode()
    main = body.split('id="maincontent"')[1]
    assert "<script" not in main
    assert 'href="javascript:' not in main
    assert "<img" not in main


def test_pages_carry_no_inline_script_or_style(client, published):
    for url in [reverse(name) for name in LIST_PAGES] + [
        item.get_absolute_url() for item in published.values()
    ]:
        body = client.get(url).content.decode()
        assert "<style" not in body
        assert 'style="' not in body
        assert body.count("<script") == body.count("<script src=")


def _library(times):
    for _ in range(times):
        make_stretch(body_areas=["neck", "lower_back"], patterns=["soreness", "strain"])
        make_tip(activities=["heavy_lifting", "twisting"])
        make_plan(phases=3)
        make_guide()


@pytest.mark.parametrize("times", [1, 10])
@pytest.mark.parametrize(
    ("name", "params", "queries"),
    [
        ("content:index", {}, 2),
        ("content:stretch_list", {}, 2),
        ("content:stretch_list", {"area": "neck"}, 2),
        ("content:tip_list", {}, 2),
        ("content:tip_list", {"activity": "twisting"}, 2),
        ("content:plan_list", {}, 1),
        ("content:guide_list", {}, 1),
    ],
)
def test_list_query_counts_do_not_grow(
    client, django_assert_num_queries, times, name, params, queries
):
    _library(times)
    with django_assert_num_queries(queries):
        assert client.get(reverse(name), params).status_code == 200


@pytest.mark.parametrize(
    ("kind", "queries"), [("stretch", 2), ("tip", 2), ("plan", 2), ("guide", 1)]
)
def test_detail_query_counts(client, django_assert_num_queries, published, kind, queries):
    with django_assert_num_queries(queries):
        assert client.get(published[kind].get_absolute_url()).status_code == 200
