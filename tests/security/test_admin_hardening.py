"""Staff login hardening (docs/decisions/0005-admin-hardening.md): lockout, the client
address behind the proxy, two-factor login, staff session limits and who can reach what."""

import importlib.util
import os
import re
import time
from datetime import timedelta
from unittest import mock

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from config import proxies
from config.admin_security import REVIEWER_GROUP, client_ip_address, requires_two_factor
from config.middleware import STAFF_SESSION_LAST_SEEN, STAFF_SESSION_STARTED
from tests.journeys import stored

PASSWORD = "a-long-test-password-123"
# The one answer to every failed login, whatever was wrong
# (docs/decisions/0005-admin-hardening.md, "One answer to every failure").
LOGIN_FAILED = "Please enter the correct username, password and authenticator code"


def _staff(username: str, *, superuser: bool = False, group: str | None = None) -> User:
    user = User.objects.create_user(
        username=username, password=PASSWORD, is_staff=True, is_superuser=superuser
    )
    if group is not None:
        user.groups.add(Group.objects.get(name=group))
    return user


def _login(client: Client, username: str, password: str = PASSWORD, token: str = "", **extra):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "otp_token": token},
        **extra,
    )


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


# --- lockout (django-axes) ---------------------------------------------------------------


def test_lockout_settings_are_five_failures_per_username_and_per_address_with_a_cool_off():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_LOCKOUT_PARAMETERS == ["username", "ip_address"]
    assert timedelta(minutes=30) == settings.AXES_COOLOFF_TIME  # never None: never permanent
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"


@pytest.mark.django_db
def test_fifth_failed_login_locks_out_that_username_from_that_address():
    _staff("alice")
    client = Client()
    for _ in range(4):
        response = _login(client, "alice", "wrong password", REMOTE_ADDR="203.0.113.5")
        assert response.status_code == 200  # the login form again, with an error
    response = _login(client, "alice", "wrong password", REMOTE_ADDR="203.0.113.5")
    assert response.status_code == 429
    assert "Login paused" in response.content.decode()
    assert "30 minutes" in response.content.decode()

    # Even the right password is refused now, from this address and from any other...
    assert _login(Client(), "alice", REMOTE_ADDR="203.0.113.5").status_code == 429
    assert _login(Client(), "alice", REMOTE_ADDR="198.51.100.7").status_code == 429
    # ...and this address is paused for every username.
    _staff("bob")
    assert _login(Client(), "bob", REMOTE_ADDR="203.0.113.5").status_code == 429
    assert _login(Client(), "bob", REMOTE_ADDR="198.51.100.7").status_code == 302


@pytest.mark.django_db
def test_many_addresses_trying_one_username_are_locked_out_together():
    _staff("alice")
    for n in range(5):
        _login(Client(), "alice", "wrong password", REMOTE_ADDR=f"198.51.100.{n}")
    assert _login(Client(), "alice", REMOTE_ADDR="198.51.100.99").status_code == 429


@pytest.mark.django_db
def test_one_address_trying_many_usernames_is_locked_out():
    for n in range(5):
        _login(Client(), f"guess{n}", "wrong password", REMOTE_ADDR="203.0.113.5")
    _staff("alice")
    assert _login(Client(), "alice", REMOTE_ADDR="203.0.113.5").status_code == 429


@pytest.mark.django_db
def test_lockout_lifts_after_the_cool_off():
    _staff("alice")
    for _ in range(5):
        _login(Client(), "alice", "wrong password", REMOTE_ADDR="203.0.113.5")
    assert _login(Client(), "alice", REMOTE_ADDR="203.0.113.5").status_code == 429

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    response = _login(Client(), "alice", REMOTE_ADDR="203.0.113.5")
    assert response.status_code == 302
    # A successful login clears the failures, and nothing is kept about it.
    assert not AccessAttempt.objects.exists()


@pytest.mark.django_db
def test_failed_attempt_record_holds_no_password_or_code():
    _staff("alice")
    _login(Client(), "alice", "secret-wrong-password", token="123456", REMOTE_ADDR="203.0.113.5")
    attempt = AccessAttempt.objects.get()
    assert attempt.username == "alice"
    assert attempt.ip_address == "203.0.113.5"
    assert "secret-wrong-password" not in attempt.post_data
    assert "123456" not in attempt.post_data


# --- client address behind the proxy -----------------------------------------------------


@pytest.mark.parametrize(
    ("count", "forwarded_for", "expected"),
    [
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "198.51.100.1, 203.0.113.9", "203.0.113.9"),  # left entry is client-written
        (1, "203.0.113.9:51234", "203.0.113.9"),
        (1, "[2001:db8::7]:443", "2001:db8::7"),
        (1, "2001:db8::7", "2001:db8::7"),
        (1, "not-an-address", "10.0.0.2"),
        (1, "", "10.0.0.2"),
        (2, "198.51.100.1, 203.0.113.9", "198.51.100.1"),
        (2, "203.0.113.9", "10.0.0.2"),  # fewer hops than proxies: don't guess
        (0, "198.51.100.1", "10.0.0.2"),  # no proxy: the header is the client's own
    ],
)
def test_client_address_is_read_from_the_trusted_proxy_end(count, forwarded_for, expected):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for else {}
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", **headers)
    with override_settings(TRUSTED_PROXY_COUNT=count, FORWARDED_ALLOW_IPS=["10.0.0.2"]):
        assert client_ip_address(request) == expected


@pytest.mark.parametrize(
    ("allowed", "remote_address", "expected"),
    [
        (["127.0.0.1"], "127.0.0.1", "203.0.113.9"),
        (["127.0.0.1"], "10.0.0.2", "10.0.0.2"),  # not our proxy: the header is forged
        (["10.0.0.0/8"], "10.0.0.2", "203.0.113.9"),
        (["10.0.0.0/8"], "198.51.100.1", "198.51.100.1"),
        (["2001:db8::/32"], "2001:db8::5", "203.0.113.9"),
        (["*"], "198.51.100.1", "203.0.113.9"),  # gunicorn's "trust every peer"
        (["127.0.0.1"], "", "203.0.113.9"),  # a UNIX socket: only local processes
        (["127.0.0.1"], "not-an-address", "not-an-address"),
    ],
)
def test_forwarded_for_is_read_only_from_a_configured_proxy(allowed, remote_address, expected):
    request = RequestFactory().get(
        "/", REMOTE_ADDR=remote_address, HTTP_X_FORWARDED_FOR="203.0.113.9"
    )
    with override_settings(TRUSTED_PROXY_COUNT=1, FORWARDED_ALLOW_IPS=allowed):
        assert client_ip_address(request) == expected


def test_gunicorn_and_django_trust_the_same_proxies():
    from tests.security.conftest import _settings_for

    env = {proxies.ENV_NAME: "10.0.0.1, 192.168.0.0/16"}
    django_list = _settings_for({"DJANGO_DEBUG": "0", **env})["FORWARDED_ALLOW_IPS"]
    assert django_list == ["10.0.0.1", "192.168.0.0/16"]

    path = os.path.join(settings.BASE_DIR, "config", "gunicorn.py")
    with mock.patch.dict(os.environ, env):
        spec = importlib.util.spec_from_file_location("_gunicorn_under_test", path)
        assert spec is not None and spec.loader is not None
        gunicorn_config = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(gunicorn_config)
    assert gunicorn_config.forwarded_allow_ips == "10.0.0.1,192.168.0.0/16"

    # Unset, both trust the local proxy only.
    assert proxies.forwarded_allow_ips({}) == ["127.0.0.1"]
    with pytest.raises(ValueError, match="host bits"):
        proxies.forwarded_allow_ips({proxies.ENV_NAME: "10.0.0.1/8"})


def test_production_trusts_one_proxy():
    assert settings.AXES_CLIENT_IP_CALLABLE == "config.admin_security.client_ip_address"


@pytest.mark.django_db
def test_forged_forwarded_for_from_a_non_proxy_address_does_not_escape_the_lockout(
    production_settings,
):
    """Logins sent straight to gunicorn with a new X-Forwarded-For each try share one
    lockout count: only our proxy's header is believed
    (docs/decisions/0005-admin-hardening.md, "Only from our proxy")."""
    assert settings.TRUSTED_PROXY_COUNT == 1
    assert settings.FORWARDED_ALLOW_IPS == ["127.0.0.1"]
    _staff("alice")
    direct = {"REMOTE_ADDR": "203.0.113.5", "secure": True}
    for n in range(5):
        response = _login(
            Client(), "alice", "wrong", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}", **direct
        )
    assert response.status_code == 429
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["203.0.113.5"]
    locked = _login(Client(), "alice", HTTP_X_FORWARDED_FOR="198.51.100.99", **direct)
    assert locked.status_code == 429


@pytest.mark.django_db
def test_forwarded_for_from_a_configured_proxy_network_is_honoured(production_settings):
    _staff("alice")
    via_proxy = {"REMOTE_ADDR": "10.1.2.3", "secure": True}
    with override_settings(FORWARDED_ALLOW_IPS=["127.0.0.1", "10.0.0.0/8"]):
        for _ in range(5):
            _login(Client(), "alice", "wrong", HTTP_X_FORWARDED_FOR="203.0.113.5", **via_proxy)
        assert AccessAttempt.objects.get().ip_address == "203.0.113.5"
        locked = _login(Client(), "alice", HTTP_X_FORWARDED_FOR="203.0.113.5", **via_proxy)
        assert locked.status_code == 429
        _staff("bob")
        other = _login(Client(), "bob", HTTP_X_FORWARDED_FOR="198.51.100.7", **via_proxy)
        assert other.status_code == 302


@pytest.mark.django_db
def test_production_locks_out_the_forwarded_address_not_the_proxy(production_settings):
    assert settings.TRUSTED_PROXY_COUNT == 1
    _staff("alice")
    via_proxy = {"REMOTE_ADDR": "127.0.0.1", "secure": True}
    for _ in range(5):
        _login(Client(), "alice", "wrong", HTTP_X_FORWARDED_FOR="203.0.113.5", **via_proxy)
    assert AccessAttempt.objects.get().ip_address == "203.0.113.5"
    locked = _login(Client(), "alice", HTTP_X_FORWARDED_FOR="203.0.113.5", **via_proxy)
    assert locked.status_code == 429
    # Another client behind the same proxy is not locked out with it.
    _staff("bob")
    other = _login(Client(), "bob", HTTP_X_FORWARDED_FOR="198.51.100.7", **via_proxy)
    assert other.status_code == 302


# --- two-factor login (django-otp) ------------------------------------------------------


def test_two_factor_is_on_by_default_in_production():
    from tests.security.conftest import _settings_for

    assert _settings_for({"DJANGO_DEBUG": "0", "DJANGO_ADMIN_REQUIRE_2FA": ""})["ADMIN_REQUIRE_2FA"]
    assert not _settings_for({"DJANGO_DEBUG": "1", "DJANGO_ADMIN_REQUIRE_2FA": ""})[
        "ADMIN_REQUIRE_2FA"
    ]


@pytest.mark.django_db
def test_login_form_asks_for_an_authenticator_code():
    body = Client().get(reverse("admin:login")).content.decode()
    assert 'name="otp_token"' in body
    assert 'autocomplete="one-time-code"' in body


@pytest.mark.django_db
@override_settings(ADMIN_REQUIRE_2FA=True)
def test_superuser_without_a_device_cannot_log_in():
    _staff("root", superuser=True)
    client = Client()
    response = _login(client, "root")
    assert response.status_code == 200
    assert LOGIN_FAILED in response.content.decode()
    assert AccessAttempt.objects.get().failures_since_start == 1
    assert client.get(reverse("admin:index")).status_code == 302


@pytest.mark.django_db
@override_settings(ADMIN_REQUIRE_2FA=True)
def test_superuser_logs_in_with_password_and_code():
    user = _staff("root", superuser=True)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client = Client()

    response = _login(client, "root")
    assert response.status_code == 200
    assert LOGIN_FAILED in response.content.decode()

    response = _login(client, "root", token=f"{(int(_code(device)) + 1) % 1_000_000:06d}")
    assert response.status_code == 200
    assert LOGIN_FAILED in response.content.decode()

    # django-otp then makes the device wait before the next try (1 s, 2 s, 4 s, ...).
    response = _login(client, "root", token=_code(device))
    assert response.status_code == 200
    assert LOGIN_FAILED in response.content.decode()

    device.refresh_from_db()
    device.throttle_reset()
    response = _login(client, "root", token=_code(device))
    assert response.status_code == 302
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.django_db
@override_settings(ADMIN_REQUIRE_2FA=True)
def test_wrong_codes_count_towards_the_lockout():
    user = _staff("root", superuser=True)
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True, tolerance=0)
    for _ in range(5):
        response = _login(Client(), "root", token="000000", REMOTE_ADDR="203.0.113.5")
    assert response.status_code == 429


_RANDOM_PER_RESPONSE = [
    (re.compile(r'(name="csrfmiddlewaretoken" value=)"[^"]+"'), r'\1"…"'),
    (re.compile(r'(nonce=)"[^"]+"'), r'\1"…"'),
]


def _as_seen_by_an_attacker(response) -> tuple[int, str, list[tuple[str, str]]]:
    """Status, body and headers, less what differs in every response (the masked CSRF
    token, the CSP nonce, the token cookie's value, and the clock in Expires and in the
    cookie's expiry date)."""
    body = response.content.decode()
    for pattern, replacement in _RANDOM_PER_RESPONSE:
        body = pattern.sub(replacement, body)
    headers = sorted(
        (name, "…" if name in {"Content-Security-Policy", "Set-Cookie", "Expires"} else value)
        for name, value in response.headers.items()
    )
    cookies = sorted(
        (name, {**morsel, "expires": "…"}) for name, morsel in response.cookies.items()
    )
    return response.status_code, body, [*headers, *map(str, cookies)]


@pytest.mark.django_db
@override_settings(ADMIN_REQUIRE_2FA=True, AXES_FAILURE_LIMIT=10)  # five tries, no lockout
def test_a_wrong_password_and_a_right_password_without_the_right_code_look_the_same():
    """A different answer for the right password without its code would tell whoever
    guessed the password that it is right (docs/decisions/0005-admin-hardening.md, "One
    answer to every failure")."""
    user = _staff("root", superuser=True)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True, tolerance=0)
    wrong_code = f"{(int(_code(device)) + 500_000) % 1_000_000:06d}"

    attempts = {
        "wrong password, no code": ("wrong password", ""),
        "right password, no code": (PASSWORD, ""),
        "wrong password, a code": ("wrong password", wrong_code),
        "right password, wrong code": (PASSWORD, wrong_code),
        "right password, code while throttled": (PASSWORD, wrong_code),
    }
    seen = {}
    for number, (name, (password, token)) in enumerate(attempts.items(), start=1):
        response = _login(Client(), "root", password, token=token, REMOTE_ADDR="203.0.113.5")
        seen[name] = _as_seen_by_an_attacker(response)
        # Every one of them is a failed login for the lockout.
        assert AccessAttempt.objects.get().failures_since_start == number, name
    assert seen["wrong password, no code"][0] == 200
    assert LOGIN_FAILED in seen["wrong password, no code"][1]
    # The same form is sent back for the same input, whichever part of it was wrong.
    assert seen["right password, no code"] == seen["wrong password, no code"]
    assert seen["right password, wrong code"] == seen["wrong password, a code"]
    assert seen["right password, code while throttled"] == seen["wrong password, a code"]


@pytest.mark.django_db
@override_settings(ADMIN_REQUIRE_2FA=True)
def test_a_missing_code_counts_towards_the_lockout():
    user = _staff("root", superuser=True)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    for _ in range(5):
        _login(Client(), "root", token="", REMOTE_ADDR="203.0.113.5")
    device.refresh_from_db()
    device.throttle_reset()
    response = _login(Client(), "root", token=_code(device), REMOTE_ADDR="203.0.113.5")
    assert response.status_code == 429


@pytest.mark.django_db
@override_settings(ADMIN_REQUIRE_2FA=True)
def test_superuser_logged_in_without_a_code_cannot_use_the_admin():
    client = Client()
    client.force_login(_staff("root", superuser=True))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.django_db
@override_settings(ADMIN_REQUIRE_2FA=False)
def test_force_logged_in_superuser_reaches_the_admin_when_two_factor_is_off():
    client = Client()
    client.force_login(_staff("root", superuser=True))
    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.django_db
@override_settings(ADMIN_REQUIRE_2FA=True)
def test_clinical_reviewers_need_two_factor_and_editors_may_choose():
    reviewer = _staff("rita", group=REVIEWER_GROUP)
    editor = _staff("ed", group="Content editor")
    assert requires_two_factor(user=reviewer)
    assert not requires_two_factor(user=editor)

    reviewer_client, editor_client = Client(), Client()
    reviewer_client.force_login(reviewer)
    editor_client.force_login(editor)
    assert reviewer_client.get(reverse("admin:index")).status_code == 302
    assert editor_client.get(reverse("admin:index")).status_code == 200

    # An editor who has set up a device is asked for its code.
    TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)
    response = _login(Client(), "ed")
    assert response.status_code == 200
    assert LOGIN_FAILED in response.content.decode()


@pytest.mark.django_db
def test_add_totp_device_command_sets_up_a_working_device(capsys):
    user = _staff("root", superuser=True)
    call_command("add_totp_device", "root")
    device = TOTPDevice.objects.get(user=user)
    assert device.confirmed
    out = capsys.readouterr().out
    assert device.config_url in out
    assert "otpauth://totp/" in out

    with pytest.raises(CommandError, match="already has"):
        call_command("add_totp_device", "root")
    call_command("add_totp_device", "root", "--replace")
    assert TOTPDevice.objects.filter(user=user).count() == 1
    assert TOTPDevice.objects.get(user=user).pk != device.pk

    with override_settings(ADMIN_REQUIRE_2FA=True):
        new_device = TOTPDevice.objects.get(user=user)
        assert _login(Client(), "root", token=_code(new_device)).status_code == 302


@pytest.mark.django_db
def test_add_totp_device_refuses_unknown_and_non_staff_accounts():
    User.objects.create_user(username="patient", password=PASSWORD)
    with pytest.raises(CommandError, match="No account"):
        call_command("add_totp_device", "nobody")
    with pytest.raises(CommandError, match="not a staff account"):
        call_command("add_totp_device", "patient")


# --- staff session limits -----------------------------------------------------------------


def _stamp(client: Client, **values: int) -> None:
    session = client.session
    session.update(values)
    session.save()


@pytest.mark.django_db
def test_staff_session_ends_after_idle_timeout():
    client = Client()
    client.force_login(_staff("root", superuser=True))
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.session.get_expiry_age() == settings.STAFF_SESSION_IDLE_TIMEOUT == 30 * 60

    _stamp(client, **{STAFF_SESSION_LAST_SEEN: int(time.time()) - 29 * 60})
    assert client.get(reverse("admin:index")).status_code == 200  # still active

    _stamp(client, **{STAFF_SESSION_LAST_SEEN: int(time.time()) - 31 * 60})
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("admin:login"))
    assert "You were logged out" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_staff_session_ends_after_maximum_lifetime_even_when_active():
    client = Client()
    client.force_login(_staff("root", superuser=True))
    client.get(reverse("admin:index"))
    assert settings.STAFF_SESSION_MAX_AGE == 8 * 60 * 60
    _stamp(client, **{STAFF_SESSION_STARTED: int(time.time()) - 8 * 60 * 60 - 1})
    assert client.get(reverse("admin:index")).status_code == 302


@pytest.mark.django_db
def test_patient_sessions_keep_the_three_hour_lifetime():
    from triage import wizard

    client = Client()
    response = client.post(
        reverse("triage:question", kwargs={"key": wizard.FIRST_STEP}),
        {wizard.FIRST_STEP: "none"},
    )
    assert response.status_code == 302
    client.get(reverse("admin:login"))  # the admin's pages, anonymously
    assert stored(client) == {wizard.FIRST_STEP: ["none"]}
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE == 3 * 60 * 60
    assert STAFF_SESSION_STARTED not in client.session


# --- who can reach what -------------------------------------------------------------------

# Admin pages that would let a staff member give themselves more power, or hide a break-in.
SENSITIVE = [
    "admin:auth_user_changelist",
    "admin:auth_group_changelist",
    "admin:otp_totp_totpdevice_changelist",
    "admin:axes_accessattempt_changelist",
]


@pytest.mark.django_db
@pytest.mark.parametrize("group", [REVIEWER_GROUP, "Content editor"])
def test_editorial_staff_cannot_manage_accounts_devices_or_lockouts(group):
    client = Client()
    client.force_login(_staff("staffer", group=group))
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:content_stretch_changelist")).status_code == 200
    for url_name in SENSITIVE:
        assert client.get(reverse(url_name)).status_code == 403, url_name


@pytest.mark.django_db
def test_superusers_can_manage_accounts_devices_and_lockouts():
    client = Client()
    client.force_login(_staff("root", superuser=True))
    for url_name in SENSITIVE:
        assert client.get(reverse(url_name)).status_code == 200, url_name


@pytest.mark.django_db
def test_non_staff_and_anonymous_visitors_are_sent_to_the_login_page():
    member = Client()
    member.force_login(User.objects.create_user(username="member", password=PASSWORD))
    for client in (member, Client()):
        response = client.get(reverse("admin:index"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
