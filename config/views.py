import logging
import sys

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """200 "ok" when the database answers a query; 503 otherwise (for load balancers)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.warning("healthz: database unavailable")
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


def service_unavailable(request: HttpRequest) -> HttpResponse:
    return render(request, "503.html", status=503)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """400 handler. Unlike Django's default it does not run the CSRF check again: that
    re-reads a body Django has already refused (say, an unknown charset) and turns the 400
    into a 500. A 400 caused by the database (a session that could not be saved during an
    outage) gets the 503 page."""
    if _caused_by_database(exception):
        return service_unavailable(request)
    return render(request, "400.html", status=400)


def _caused_by_database(error: BaseException | None) -> bool:
    seen = 0
    while error is not None and seen < 5:
        if isinstance(error, DatabaseError):
            return True
        error = error.__cause__ or error.__context__
        seen += 1
    return False


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """500 handler; a database outage gets the friendlier 503 page instead.

    Django calls this inside its exception handler, so sys.exc_info() holds the error.
    Neither template touches the database.
    """
    error = sys.exc_info()[1]
    if isinstance(error, DatabaseError):
        return service_unavailable(request)
    return render(request, "500.html", status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Most often an expired session or a form left open for hours: say so kindly."""
    return render(request, "403_csrf.html", status=403)
