from django.urls import path

from content import views

app_name = "content"

urlpatterns = [
    path("", views.index, name="index"),
    path("stretches/", views.stretch_list, name="stretch_list"),
    path("stretches/<slug:slug>/", views.stretch_detail, name="stretch_detail"),
    path("prevention/", views.tip_list, name="tip_list"),
    path("prevention/<slug:slug>/", views.tip_detail, name="tip_detail"),
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/<slug:slug>/", views.plan_detail, name="plan_detail"),
    path("guides/", views.guide_list, name="guide_list"),
    path("guides/<slug:slug>/", views.guide_detail, name="guide_detail"),
]
