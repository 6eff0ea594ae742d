"""What the tests of the guidance pages on a freshly seeded database share (the
``seeded`` fixture is in conftest.py)."""

from __future__ import annotations

import html as html_lib
import re

from django.urls import reverse

from content.models import Guide, Plan, Stretch, Tag, Tip

#: The result's one fixed address: the answers are in the session.
RESULT_URL = "/check/result/"


def text(html: str) -> str:
    """The words a person reads: tags removed, entities decoded, spaces collapsed."""
    words = " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", html)).split())
    return re.sub(r" ([.,:;])", r"\1", words)


def guidance_urls() -> list[str]:
    urls = [
        reverse("content:index"),
        reverse("content:stretch_list"),
        reverse("content:tip_list"),
        reverse("content:plan_list"),
        reverse("content:guide_list"),
    ]
    urls += [
        f"{reverse('content:stretch_list')}?area={tag.code}"
        for tag in Tag.objects.filter(kind="location")
    ]
    urls += [
        f"{reverse('content:tip_list')}?activity={tag.code}"
        for tag in Tag.objects.filter(kind="activity")
    ]
    for model in (Stretch, Tip, Plan, Guide):
        for item in model.objects.published():
            urls += [item.get_absolute_url(), item.get_absolute_url() + "?from=result"]
    return urls
