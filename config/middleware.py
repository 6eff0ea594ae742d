import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

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
        started = int(session.setdefault(STAFF_SESSION_STARTED, now))
        last_seen = int(session.get(STAFF_SESSION_LAST_SEEN, now))
        idle_timeout = settings.STAFF_SESSION_IDLE_TIMEOUT
        if now - last_seen > idle_timeout or now - started > settings.STAFF_SESSION_MAX_AGE:
            logout(request)  # flushes the session; the admin then asks for a login
            messages.info(request, "You were logged out to keep the admin safe. Please log in.")
            return
        session[STAFF_SESSION_LAST_SEEN] = now
        # The cookie and the stored session row also expire when the staff member goes idle.
        session.set_expiry(idle_timeout)
