import sys

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from redis.exceptions import RedisError

from config.middleware import close_database_connections

#: Errors that mean a service the pages need is away or refusing, not a bug: the database,
#: or the shared cache (any Redis error: down, timed out, out of memory, read only). These
#: get the 503 page, with Retry-After, not the 500. The pages themselves fall back to the
#: database when the cache fails (content.cache), so a Redis error reaches here only from
#: code that has no such fallback.
OUTAGES = (DatabaseError, RedisError)


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


# A cheap question whose answer says whether this connection may write: PostgreSQL is read
# only on a hot standby or with default_transaction_read_only on (as in the fault test).
# SQLite (local development) can only say whether `PRAGMA query_only` is set.
_READ_ONLY_QUERIES = {
    "postgresql": "SHOW transaction_read_only",
    "sqlite": "PRAGMA query_only",
}


def _database_is_read_only() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(_READ_ONLY_QUERIES.get(connection.vendor, "SELECT 0"))
        row = cursor.fetchone()
    return str(row[0]).lower() in {"on", "1"} if row else False


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """200 "ok" when the database answers and accepts writes; 503 otherwise, so that a load
    balancer stops sending patients here. A read-only database (a standby after a failover)
    still answers reads, so reading alone would say "ok" while every answer got a 503. One
    query; two only while read-only.

    Each 503 is logged once, by django.request; ServiceUnavailableMiddleware then closes
    the connection and adds Retry-After.
    """
    for _ in range(2):
        try:
            read_only = _database_is_read_only()
        except DatabaseError:
            return HttpResponse("database unavailable", status=503, content_type="text/plain")
        if not read_only:
            return HttpResponse("ok", content_type="text/plain")
        # A session keeps the read-only default it started with, so this connection may be
        # older than a read-only spell that is over: ask once more on a fresh one.
        close_database_connections()
    return HttpResponse("database read-only", status=503, content_type="text/plain")


def service_unavailable(request: HttpRequest) -> HttpResponse:
    return render(request, "503.html", status=503)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """400 handler. Unlike Django's default it does not run the CSRF check again: that
    re-reads a body Django has already refused (say, an unknown charset) and turns the 400
    into a 500. A 400 caused by an outage (a session that could not be saved while the
    database was away) gets the 503 page."""
    if _caused_by_outage(exception):
        return service_unavailable(request)
    return render(request, "400.html", status=400)


def _caused_by_outage(error: BaseException | None) -> bool:
    seen = 0
    while error is not None and seen < 5:
        if isinstance(error, OUTAGES):
            return True
        error = error.__cause__ or error.__context__
        seen += 1
    return False


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """500 handler; an outage of the database or the shared cache gets the friendlier 503
    page instead.

    Django calls this inside its exception handler, so sys.exc_info() holds the error.
    Neither template touches the database, the cache or the session.
    """
    if _caused_by_outage(sys.exc_info()[1]):
        return service_unavailable(request)
    return render(request, "500.html", status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Most often an expired session or a form left open for hours: say so kindly."""
    return render(request, "403_csrf.html", status=403)
