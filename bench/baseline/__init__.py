"""The baseline `make bench` compares the wizard with (docs/decisions/0001-wizard.md, "Why
not django-formtools"): the same 13 questions as the first thing a Django developer would
build, a django-formtools ``SessionWizardView`` with one plain form per question, rendered
with crispy forms, on Django's "db" sessions.

Served only under bench/baseline_settings.py (ROOT_URLCONF ``bench.baseline.urls``, at
/baseline/); production code never imports it. bench/journey_cpu.py measures the server
CPU of a complete journey through it and through ours.
"""
