from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from config import views
from content import results
from triage import urls as triage_urls

core_patterns = (
    [
        path("", views.home, name="home"),
        path("healthz", views.healthz, name="healthz"),
    ],
    "core",
)

# The wizard's namespace, composed here: its result page is the content app's view (the
# engine's result with the clinic's content, content/results.py), and the triage app never
# imports the content app, so only the project joins them. First in the list: a question
# key pattern (<slug:key>/) would otherwise take "result/".
triage_patterns = (
    [path("result/", results.result, name="result"), *triage_urls.urlpatterns],
    triage_urls.app_name,
)

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include(core_patterns)),
    path("check/", include(triage_patterns)),
    path("guidance/", include("content.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
]

handler400 = "config.views.bad_request"
handler404 = "config.views.page_not_found"
handler500 = "config.views.server_error"

admin.site.site_header = f"{settings.CLINIC_NAME} — guidance admin"
admin.site.site_title = "BackOnTrack admin"
admin.site.index_title = "Clinic guidance"
