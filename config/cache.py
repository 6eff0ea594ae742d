"""Django's RedisCache, with one redis-py client per connection pool instead of one per call.

Django's `RedisCacheClient.get_client()` builds a new `redis.Redis` for every cache
operation, and each one copies redis-py's table of about 170 response callbacks
(https://github.com/redis/redis-py/issues/3624). Measured in-process, that was a third of
the first question page's time. A `redis.Redis` is safe to share between threads (each
command takes its own connection from the pool, which also notices a fork), so one per
pool does the same work with less. Django's code says a custom client is the way to change
how clients are picked ("custom cache client can be implemented"); nothing else differs.
"""

from typing import Any

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        # django-stubs leave out the private names this uses from Django's own class.
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)  # type: ignore[attr-defined]
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient
