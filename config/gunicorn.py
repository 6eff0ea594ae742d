"""gunicorn settings for production (`make serve`); every value can be overridden by env."""

import multiprocessing
import os

import gunicorn.http.wsgi

from config import proxies

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "sync" if threads == 1 else "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
max_requests = 20000
max_requests_jitter = 2000
# Behind a proxy, trust its X-Forwarded-* only from these addresses (GUNICORN_FORWARDED_ALLOW_IPS).
# Django's login lockout reads the same list (settings.FORWARDED_ALLOW_IPS).
forwarded_allow_ips = ",".join(proxies.forwarded_allow_ips())
# Access log to stdout: method, path, status, size and time. No bodies, no client address
# (privacy: no IP addresses are stored alongside anything health-related).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
access_log_format = '"%(r)s" %(s)s %(b)s %(M)sms'
errorlog = "-"

# gunicorn has no setting for its "Server: gunicorn" header (issue 11: it names the
# software to every scanner). Its sync worker takes the name from this module global
# (gunicorn.http.wsgi.Response.__init__); the master reads this file before it forks, so
# every worker sends a name that says nothing. nginx in front hides it anyway
# (proxy_hide_header's default list), but a request straight to gunicorn does not.
gunicorn.http.wsgi.SERVER = "BackOnTrack"
