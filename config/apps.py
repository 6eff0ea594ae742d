from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class SiteConfig(AppConfig):
    """The project package as an app, so that its management commands are found
    (`manage.py add_totp_device`). It has no models."""

    default = True
    name = "config"
    verbose_name = "Site configuration"


class StaffAdminConfig(admin_apps.AdminConfig):
    """Django's admin with our hardened site as `admin.site`: two-factor login for clinical
    reviewers and superusers (docs/decisions/0005-admin-hardening.md).
    https://docs.djangoproject.com/en/6.1/ref/contrib/admin/#overriding-the-default-admin-site
    """

    default = False  # "config" alone means SiteConfig
    default_site = "config.admin_security.StaffAdminSite"
