"""The site's URLs plus views that fail on purpose (tests/security/test_error_pages.py)."""

import redis.exceptions
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import handler404, handler500
from config.urls import urlpatterns as site_urlpatterns

__all__ = ["handler404", "handler500", "urlpatterns"]


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


def needs_database(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok")


def database_error(request: HttpRequest) -> HttpResponse:
    """A real error from the real database, on a connection that still works after it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM no_such_table_for_tests")
    return HttpResponse("ok")


def redis_error(request: HttpRequest) -> HttpResponse:
    """Any error the Redis client raises, named by ``?error=`` (a class in redis.exceptions),
    raised inside the error Django wraps it in, as a cache call would."""
    error = getattr(redis.exceptions, request.GET["error"])
    try:
        raise error("from Redis")
    except redis.exceptions.RedisError as exc:
        raise RuntimeError("while using the cache") from exc


urlpatterns = [
    *site_urlpatterns,
    path("__tests__/broken/", broken),
    path("__tests__/needs-database/", needs_database),
    path("__tests__/database-error/", database_error),
    path("__tests__/redis-error/", redis_error),
]
