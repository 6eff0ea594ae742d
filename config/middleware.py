import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.db import connections
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

# Browser features this service never uses; denied so injected content cannot use them.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
    )
)


class SecurityHeadersMiddleware:
    """Headers Django does not set itself: Permissions-Policy and CORP."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


# Session keys for staff session limits (epoch seconds).
STAFF_SESSION_STARTED = "_staff_session_started"
STAFF_SESSION_LAST_SEEN = "_staff_session_last_seen"


class StaffSessionTimeoutMiddleware:
    """Log staff out of the admin after STAFF_SESSION_IDLE_TIMEOUT seconds without a request,
    or STAFF_SESSION_MAX_AGE seconds after they logged in, whichever comes first.

    Only admin requests are checked, so a patient's session (SESSION_COOKIE_AGE, 3 hours) is
    never touched and public pages never load the user. Must come after
    AuthenticationMiddleware and MessageMiddleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith("/" + settings.ADMIN_URL):
            self._enforce_limits(request)
        return self.get_response(request)

    def _enforce_limits(self, request: HttpRequest) -> None:
        user = request.user
        if not (user.is_authenticated and user.is_staff):
            return
        now = int(time.time())
        session = request.session
        started = int(session.get(STAFF_SESSION_STARTED, now))
        last_seen = int(session.get(STAFF_SESSION_LAST_SEEN, now))
        idle_timeout = settings.STAFF_SESSION_IDLE_TIMEOUT
        if now - last_seen > idle_timeout or now - started > settings.STAFF_SESSION_MAX_AGE:
            logout(request)  # flushes the session; the admin then asks for a login
            messages.info(request, _("You were logged out to keep the admin safe. Please log in."))
            return
        # Write at most once a minute: each write is a session save.
        if STAFF_SESSION_STARTED not in session or now - last_seen >= 60:
            session[STAFF_SESSION_STARTED] = started
            session[STAFF_SESSION_LAST_SEEN] = now
            # The cookie and the session row also expire when the staff member goes idle.
            session.set_expiry(idle_timeout)


class RequestBodyLimitMiddleware:
    """Refuse request bodies over settings.REQUEST_BODY_MAX_SIZE with 413, unread.

    DATA_UPLOAD_MAX_MEMORY_SIZE does not count uploaded files, and nothing on this site
    takes files, so without this a large multipart upload would be parsed (to memory or a
    temporary file) and ignored. The proxy in front should have the same cap (nginx:
    client_max_body_size 1m). Bodies sent without a Content-Length are not read by Django.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return HttpResponse("Bad Content-Length.", status=400, content_type="text/plain")
        if length > settings.REQUEST_BODY_MAX_SIZE:
            return HttpResponse(_("Request too large."), status=413, content_type="text/plain")
        return self.get_response(request)


# How long a 503 asks clients to wait (seconds): about as long as a database restart or a
# failover takes in the fault tests (tests/faults/test_database_outage.py,
# tests/faults/test_read_only_database.py).
RETRY_AFTER_SECONDS = 30


class ServiceUnavailableMiddleware:
    """Every 503 (the database away or read-only, or /healthz saying so) carries
    Retry-After and closes this worker's database connections.

    Django keeps a connection after an error as long as it still answers (CONN_MAX_AGE,
    `close_if_unusable_or_obsolete`), so a connection opened while the database was
    read-only would stay read-only, and its worker would keep answering 503 for up to a
    minute after the database was writable again (tests/faults/test_read_only_database.py).
    Closed, the next request opens a fresh connection and sees the database as it is now.
    First in MIDDLEWARE, so that the session has been saved (or failed to save) before the
    connection is closed.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 503:
            response.headers.setdefault("Retry-After", str(RETRY_AFTER_SECONDS))
            close_database_connections()
        return response


def close_database_connections() -> None:
    """Close every open connection, except one inside a transaction (a test's)."""
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close()
