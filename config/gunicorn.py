"""gunicorn settings for production (`make serve`); every value can be overridden by env.

Read against gunicorn 27.0.1 (gunicorn/config.py, gunicorn/workers/gthread.py,
gunicorn/http/wsgi.py, gunicorn/glogging.py); docs/deploy/README.md ("Workers and
threads") has the reasoning for operators.
"""

import datetime
import multiprocessing
import os
from typing import Any

import gunicorn.http.wsgi
from gunicorn import glogging

from config import proxies

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# --- Workers: threads, so that a slow client holds one thread, not a whole process --------
#
# A sync worker serves one connection at a time and reads a request's headers with no
# deadline, so a client that sends a header line every few seconds holds the whole process;
# it stops reporting to the master, is killed after `timeout`, and the next worker takes the
# next slow socket from the listen queue. Ten such sockets kept /healthz timing out.
#
# gthread workers (gunicorn/workers/gthread.py) accept in a main loop that reports to the
# master every second whatever the threads are doing, so a slow client costs one thread
# and no worker is ever killed for it. gthread has no header timeout either: a connection
# that sends nothing within 5 s goes back to the poller without a thread
# (DEFAULT_WORKER_DATA_TIMEOUT), but once its request line has arrived, a thread reads the
# headers (blocking, no deadline) for as long as the client keeps trickling them.
#
# A gthread worker accepts while it holds fewer than `worker_connections` connections
# (default 1000), even when every thread is taken: the new connection then waits in the
# thread pool's queue behind the slow ones. So `worker_connections` equals `threads`: a
# worker whose threads are all held stops accepting, and the kernel hands new connections
# to a worker with a free thread. A node therefore keeps answering while it has fewer
# slow clients than workers × threads: 2×cores+1 workers × 4 threads is 12 on one core
# (ten slow clients leave two threads free), 20 on two cores.
# tests/faults/test_slow_clients.py holds ten against the one-core numbers. nginx in front
# (docs/deploy/nginx.conf: client_header_timeout, request buffering) is what stops any
# number of them; these numbers are for a node reached without it.
#
# Database connections: Django keeps one connection per thread (CONN_MAX_AGE, 60 s by
# default in config/settings.py), so a node holds up to workers × threads connections
# to PostgreSQL (12 on one core, 20 on two, 36 on four). PostgreSQL's max_connections
# (default 100) must cover that sum over every node, plus migrations and management
# commands; lower GUNICORN_WORKERS or GUNICORN_THREADS on big machines if it does not.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
worker_connections = threads
# No keep-alive: with worker_connections equal to threads, gthread has room for no idle
# kept-alive connections (it would log "No keepalived connections can be handled" and
# close each one anyway). nginx opens a new upstream connection per request regardless
# (nginx.conf has no upstream `keepalive`). With 0, a connection that sends nothing within
# gthread's 5 s wait is closed rather than parked.
keepalive = 0
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
max_requests = 20000
max_requests_jitter = 2000

# --- Proxies --------------------------------------------------------------------------------
# Behind a proxy, trust its X-Forwarded-* only from these addresses (GUNICORN_FORWARDED_ALLOW_IPS).
# Django's login lockout reads the same list (settings.FORWARDED_ALLOW_IPS).
forwarded_allow_ips = ",".join(proxies.forwarded_allow_ips())
# gunicorn's `forwarder_headers` (default "SCRIPT_NAME,PATH_INFO") lets a peer in
# forwarded_allow_ips send those as request headers, and gunicorn/http/wsgi.py's create()
# then takes a `SCRIPT_NAME` header as the WSGI SCRIPT_NAME: a path that does not start
# with it is a ConfigurationProblem (a 500), and one that does makes Django prefix every
# link with it. nginx drops headers with underscores by default (ignore_invalid_headers),
# but anything on the proxy's address (any process on the same host, for the default
# 127.0.0.1) reaches gunicorn directly. The site is served at /, so no peer may set
# these. With the list empty, `header_map = "drop"` drops any header whose name has an
# underscore (gunicorn/http/message.py, _apply_header_policy), so
# SCRIPT_NAME, PATH_INFO and REMOTE_USER never reach the WSGI environ from a request.
forwarder_headers = ""
header_map = "drop"

# --- Access log: method, path, status, time; nothing that tells an outcome or a person ------


class AccessLogger(glogging.Logger):  # type: ignore[misc]  # gunicorn has no types
    """gunicorn's logger, with the access log's fields limited to four.

    The access log may hold what docs/privacy.md ("Logs") says and nothing else: the
    method, the path without its query string, the status and the time. Not the response
    size (it differs by outcome, and by red flag, on the same /check/result/ address), not
    the query string (?area=neck names where it hurts), not the client's address, referrer
    or user agent. Giving the formatter only these atoms means a format set elsewhere (e.g.
    --access-logformat on the command line) cannot bring the others back: gunicorn's
    SafeAtoms prints "-" for any atom it does not have.

    The path is the request's own, as sent (gunicorn allows only printable ASCII in the
    request target, RFC9112_TARGET_INVALID), not the percent-decoded PATH_INFO that %(U)s
    logs, in which a "%0A" would start a forged log line.
    """

    def atoms(
        self, resp: Any, req: Any, environ: dict[str, Any], request_time: datetime.timedelta
    ) -> dict[str, object]:
        status = resp.status
        if isinstance(status, str):
            status = status.split(None, 1)[0]
        return {
            "m": environ.get("REQUEST_METHOD", "-"),
            "U": getattr(req, "path", None) or "-",
            "s": status,
            "M": request_time.seconds * 1000 + request_time.microseconds // 1000,
        }


logger_class = AccessLogger
# Access log to stdout: `"GET /check/result/" 200 12ms`. No bodies, no client address
# (privacy: no IP addresses are stored alongside anything health-related).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
access_log_format = '"%(m)s %(U)s" %(s)s %(M)sms'
errorlog = "-"

# --- No control socket ----------------------------------------------------------------------
# gunicorn 27 starts a control socket for `gunicornc` by default, at one path per user, not
# per instance: $XDG_RUNTIME_DIR/gunicorn.ctl, else ~/.gunicorn/gunicorn.ctl
# (config.py, _get_default_control_socket). A second gunicorn of the same user (another
# node on the host, the nodes of tests/faults/test_scale_out.py, a benchmark run) unlinks
# the first one's socket and binds its own (gunicorn/ctl/server.py), so commands such as
# changing the worker count or shutting down reach whichever started last, and the first
# to stop deletes the socket of the other. We run gunicorn under systemd and manage it with
# signals (`systemctl reload` is SIGHUP, stop is SIGTERM), so nothing needs the socket.
control_socket_disable = True

# gunicorn has no setting for its "Server: gunicorn" header (it names the software to every
# scanner). Its workers take the name from this module global
# (gunicorn.http.wsgi.Response.__init__); the master reads this file before it forks, so
# every worker sends a name that says nothing. nginx in front hides it anyway
# (proxy_hide_header's default list), but a request straight to gunicorn does not.
gunicorn.http.wsgi.SERVER = "BackOnTrack"
