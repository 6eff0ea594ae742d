from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from config import views

core_patterns = (
    [
        path("", views.home, name="home"),
        path("healthz", views.healthz, name="healthz"),
    ],
    "core",
)

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include(core_patterns)),
    path("check/", include("triage.urls")),
    path("guidance/", include("content.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
]

handler400 = "config.views.bad_request"
handler404 = "config.views.page_not_found"
handler500 = "config.views.server_error"

admin.site.site_header = f"{settings.CLINIC_NAME} — guidance admin"
admin.site.site_title = "BackOnTrack admin"
admin.site.index_title = "Clinic guidance"
