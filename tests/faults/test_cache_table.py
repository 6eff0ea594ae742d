"""`migrate` alone leaves a working site (content/migrations/0007_cache_table.py): the
cluster fixture runs `migrate` and `seed_content`, never `createcachetable`, and the
production-mode server, without REDIS_URL, keeps its cache in that table. A result page
has the clinic's full content, and what it worked out is kept."""

from __future__ import annotations

import psycopg
import pytest

from tests.faults.live import Visitor, outcome_of
from tests.journeys import JOURNEYS

pytestmark = pytest.mark.postgres


def test_a_result_page_from_a_site_set_up_by_migrate_alone_has_its_content(live, cluster):
    visitor = Visitor(live.base_url)
    visitor.answer_all(JOURNEYS["physio"])
    for _ in range(2):  # worked out and kept, then from the cache table
        page = visitor.get("/check/result/")
        assert page.status_code == 200
        assert outcome_of(page.text) == "physio"
        for kind in ("stretch", "tip", "plan"):
            assert f'data-recommend="{kind}"' in page.text, kind
        assert 'Phone: <a href="tel:' in page.text  # the clinic card
    with psycopg.connect(cluster.url, connect_timeout=5, autocommit=True) as connection:
        kept = connection.execute(
            "SELECT count(*) FROM django_cache WHERE cache_key LIKE %s", ["%recommendations:%"]
        ).fetchone()[0]
    assert kept > 0
