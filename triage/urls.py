"""The triage wizard, mounted at /check/ by config/urls.py.

Each question has its own page named by its protocol key (/check/severity/); the fixed
pages come first so that they are never read as a question key. The result page,
/check/result/ (``triage:result``), is the content app's view (``content.results``: the
engine's result with the clinic's content), so config/urls.py adds it to this namespace,
before the question pattern: this app never imports the content app.
"""

from django.urls import path

from triage import views

app_name = "triage"

urlpatterns = [
    path("", views.start, name="start"),
    path("answers/", views.check_answers, name="answers"),
    path("result/reminder.ics", views.reminder, name="reminder"),
    path("start-again/", views.start_again, name="start_again"),
    path("<slug:key>/", views.question, name="question"),
]
