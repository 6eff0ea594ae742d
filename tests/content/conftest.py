import io

import pytest
from django.core.management import call_command
from django.test import Client

from tests.factories import make_staff_user


@pytest.fixture
def seeded(db):
    """The starter content, loaded as a new clinic gets it."""
    call_command("seed_content", stdout=io.StringIO())


@pytest.fixture
def reviewer(db):
    return make_staff_user(username="reviewer", group="Clinical reviewer", first_name="Rita")


@pytest.fixture
def editor(db):
    return make_staff_user(username="editor", group="Content editor")


@pytest.fixture
def reviewer_client(reviewer):
    client = Client()
    client.force_login(reviewer)
    return client


@pytest.fixture
def editor_client(editor):
    client = Client()
    client.force_login(editor)
    return client
