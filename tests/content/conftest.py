import pytest
from django.test import Client

from tests.factories import make_staff_user


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
