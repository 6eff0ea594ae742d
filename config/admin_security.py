"""Staff login hardening: two-factor admin site, lockout client address.

See docs/decisions/0005-admin-hardening.md. Patients never log in; everything here is
about clinic staff.
"""

import ipaddress

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser, PermissionsMixin
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice

from config.proxies import is_trusted_proxy

# Created by content/migrations/0003_editorial_groups.py; reviewers publish patient-facing
# advice, so their accounts get the same protection as superusers.
REVIEWER_GROUP = "Clinical reviewer"


def requires_two_factor(*, user: AbstractBaseUser | AnonymousUser) -> bool:
    """Whether this staff account must log in with an authenticator code.

    Superusers and clinical reviewers must, when settings.ADMIN_REQUIRE_2FA is on (the
    default in production). Everyone else may set up a device and is then asked for it.
    """
    if not settings.ADMIN_REQUIRE_2FA or not user.is_authenticated:
        return False
    if not isinstance(user, PermissionsMixin):  # a user model without groups
        return True
    return user.is_superuser or user.groups.filter(name=REVIEWER_GROUP).exists()


class StaffAuthenticationForm(AdminAuthenticationForm):
    """The admin login form: username, password and authenticator code together.

    Every failure gets the same message and counts towards the lockout: a wrong password,
    and the right password with a missing, wrong or throttled code, or with no device
    where one is required. Otherwise the answer would tell whoever has guessed a password
    that it is right (docs/decisions/0005-admin-hardening.md, "One answer to every
    failure").
    """

    otp_token = forms.CharField(
        label="Authenticator code",
        required=False,
        max_length=12,
        help_text=(
            "The 6-digit code from your authenticator app. "
            "Leave it blank if your account has no authenticator app set up."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8}
        ),
    )

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        # The one answer to every failed login (see the class docstring).
        "invalid_login": (
            "Please enter the correct %(username)s, password and authenticator code for a "
            "staff account. Note that the username and password may be case-sensitive. "
            "Leave the code blank only if your account has no authenticator app; if it "
            "needs one and has none, ask an administrator to set it up. After a wrong "
            "code, wait a few seconds before you try the newest one."
        ),
    }

    def clean(self) -> dict[str, object]:
        cleaned_data = super().clean()  # the password; django-axes counts failures here
        user = self.get_user()
        if user is not None and not self._authenticator_code_is_right(user):
            # Counted like a wrong password, so django-axes locks out code guessing too.
            user_login_failed.send(
                sender=__name__,
                credentials={"username": user.get_username()},
                request=self.request,
            )
            self.user_cache = None
            raise self.get_invalid_login_error()
        return cleaned_data

    def _authenticator_code_is_right(self, user: AbstractBaseUser) -> bool:
        """True when the account has no device and needs none, or the code is right.

        django-otp makes a device wait after each wrong code (1 s, 2 s, 4 s, ...); a code
        sent while it waits is refused like a wrong one.
        """
        devices = TOTPDevice.objects.devices_for_user(user, confirmed=True)
        if not devices.exists():
            return not requires_two_factor(user=user)
        token = "".join(str(self.cleaned_data.get("otp_token") or "").split())
        if not token:
            return False
        with transaction.atomic():
            for device in devices.select_for_update():
                allowed, _ = device.verify_is_allowed()
                if allowed and device.verify_token(token):
                    # django_otp stores this device in the session when the login completes
                    # (its user_logged_in receiver), which makes user.is_verified() true.
                    user.otp_device = device  # type: ignore[attr-defined]
                    return True
        return False


class StaffAdminSite(admin.AdminSite):
    """`admin.site`: only staff, and only verified staff where two-factor is required.

    A staff member who must use two-factor but has not entered a code (for example a
    session logged in by other means) is treated as not logged in to the admin.
    """

    login_form = StaffAuthenticationForm

    def has_permission(self, request: HttpRequest) -> bool:
        if not super().has_permission(request):
            return False
        if requires_two_factor(user=request.user):
            is_verified = getattr(request.user, "is_verified", None)
            return bool(is_verified and is_verified())
        return True


def _strip_port(address: str) -> str:
    """'203.0.113.7:51234' → '203.0.113.7'; '[2001:db8::1]:443' → '2001:db8::1'."""
    if address.startswith("["):
        return address[1:].split("]", 1)[0]
    if address.count(":") == 1:
        return address.split(":", 1)[0]
    return address


def client_ip_address(request: HttpRequest) -> str | None:
    """The client's address for django-axes (AXES_CLIENT_IP_CALLABLE).

    Behind settings.TRUSTED_PROXY_COUNT proxies, each appends the address it saw to
    X-Forwarded-For, so the client is that many entries from the right; entries further
    left were written by the client and are ignored (they can be forged). The header is
    read only when the request comes from one of our proxies (settings.FORWARDED_ALLOW_IPS,
    the list gunicorn trusts too): a client that reaches gunicorn directly could write any
    address there and start a fresh lockout count with each try
    (docs/decisions/0005-admin-hardening.md, "Only from our proxy"). Otherwise,
    without a proxy, or when the header is short or malformed, REMOTE_ADDR is used.
    """
    count = settings.TRUSTED_PROXY_COUNT
    remote_address = request.META.get("REMOTE_ADDR")
    if count > 0 and is_trusted_proxy(remote_address, settings.FORWARDED_ALLOW_IPS):
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count:
            try:
                return str(ipaddress.ip_address(_strip_port(forwarded[-count])))
            except ValueError:
                pass
    return remote_address or None
