"""Set up an authenticator app (TOTP) for a staff account: `manage.py add_totp_device alice`.

This is how the first superuser gets a device, since in production superusers and clinical
reviewers cannot log in to the admin without one (docs/decisions/0005-admin-hardening.md).
Later devices can also be added in the admin (OTP_TOTP → TOTP devices).
"""

import argparse
from base64 import b32encode
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Create an authenticator-app (TOTP) device for a staff account and print its setup key."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--name",
            default="Authenticator app",
            help="A label for the device (default: %(default)s).",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete the account's existing authenticator devices first (lost phone).",
        )

    def handle(self, *args: Any, username: str, name: str, replace: bool, **options: Any) -> None:
        user_model = get_user_model()
        try:
            user = user_model._default_manager.get_by_natural_key(username)
        except user_model.DoesNotExist as error:
            raise CommandError(f"No account with username {username!r}.") from error
        if not user.is_staff:
            raise CommandError(f"{username!r} is not a staff account.")

        with transaction.atomic():
            existing = TOTPDevice.objects.devices_for_user(user)
            if existing.exists() and not replace:
                raise CommandError(
                    f"{username!r} already has an authenticator device. "
                    "Use --replace to remove it and set up a new one."
                )
            existing.delete()
            device = TOTPDevice.objects.create(user=user, name=name, confirmed=True)

        secret = b32encode(device.bin_key).decode()
        self.stdout.write(
            "Add this account to the authenticator app (Google Authenticator, Microsoft "
            "Authenticator, 1Password, …) by opening or scanning this link:\n\n"
            f"  {device.config_url}\n\n"
            "or by typing this setup key (time-based, 6 digits):\n\n"
            f"  {' '.join(secret[i : i + 4] for i in range(0, len(secret), 4))}\n\n"
            "Share it only with the account holder, then log in with a code from the app."
        )
