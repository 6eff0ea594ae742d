"""Error reports never carry what a person answered (docs/privacy.md).

Django's error reports (emails to ADMINS, anything using its ExceptionReporter) include the
POST data and every local variable of the failing code. In the wizard those are health
data, so with DEBUG off all of them are masked, not only the ones marked with
@sensitive_post_parameters / @sensitive_variables.
https://docs.djangoproject.com/en/6.1/howto/error-reporting/#custom-error-reports
"""

from types import FrameType
from typing import Any

from django.http import HttpRequest, QueryDict
from django.views.debug import SafeExceptionReporterFilter


class HealthDataReporterFilter(SafeExceptionReporterFilter):
    def _masked(self, values: QueryDict) -> QueryDict:
        masked = values.copy()
        for key in masked:
            masked[key] = self.cleansed_substitute
        return masked

    def get_post_parameters(self, request: HttpRequest | None) -> Any:
        if request is None or not self.is_active(request):
            return super().get_post_parameters(request)
        try:
            return self._masked(request.POST)
        except Exception:  # e.g. the body was too large to parse
            return {}

    def get_cleansed_multivaluedict(
        self, request: HttpRequest, multivaluedict: QueryDict
    ) -> QueryDict:
        if self.is_active(request):
            return self._masked(multivaluedict)
        return super().get_cleansed_multivaluedict(request, multivaluedict)

    def get_traceback_frame_variables(
        self, request: HttpRequest | None, tb_frame: FrameType
    ) -> Any:
        if not self.is_active(request):
            return super().get_traceback_frame_variables(request, tb_frame)
        return [(name, self.cleansed_substitute) for name in tb_frame.f_locals]
