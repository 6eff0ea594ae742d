"""The triage wizard, mounted at /check/ by config/urls.py.

Each question has its own page named by its protocol key (/check/severity/); the fixed
pages come first so that they are never read as a question key.
"""

from django.urls import path

from triage import views

app_name = "triage"

urlpatterns = [
    path("", views.start, name="start"),
    path("answers/", views.check_answers, name="answers"),
    path("result/", views.result, name="result"),
    path("result/reminder.ics", views.reminder, name="reminder"),
    path("start-again/", views.start_again, name="start_again"),
    path("<slug:key>/", views.question, name="question"),
]
