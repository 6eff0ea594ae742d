"""The baseline `make bench` compares the wizard with (issue 12): the same 13 questions as
the first thing a Django developer would build, a django-formtools ``SessionWizardView``
with one plain form per question, rendered with crispy forms, on Django's "db" sessions.

Served only under bench/baseline_settings.py (ROOT_URLCONF ``bench.baseline.urls``, at
/baseline/); production code never imports it. bench/journey_cpu.py measures the server
CPU of a complete journey through it and through ours.
"""
