"""config/cache.py: Django's RedisCache with one redis-py client per connection pool.

Run against a real Redis by tests/faults/test_scale_out.py (two gunicorn nodes); these
check the one thing it changes, without a server (a pool connects only when used).
"""

from django.core.cache.backends.redis import RedisCacheClient as DjangoClient

from config.cache import RedisCache, RedisCacheClient


def test_the_backend_uses_the_client_that_keeps_one_redis_per_pool():
    cache = RedisCache("redis://127.0.0.1:6399/0", {"OPTIONS": {"db": 0}})
    assert isinstance(cache._cache, RedisCacheClient)
    assert isinstance(cache._cache, DjangoClient)  # everything else is Django's


def test_reads_and_writes_share_one_client_for_one_server():
    client = RedisCacheClient(["redis://127.0.0.1:6399/0"])
    first = client.get_client("a", write=True)
    assert client.get_client("b") is first
    assert first.connection_pool is client._get_connection_pool(write=True)


def test_each_server_keeps_its_own_client():
    client = RedisCacheClient(["redis://127.0.0.1:6399/0", "redis://127.0.0.1:6398/0"])
    primary = client.get_client(write=True)
    replica = client.get_client()  # reads go to the other server
    assert primary is not replica
    assert primary.connection_pool.connection_kwargs["port"] == 6399
    assert replica.connection_pool.connection_kwargs["port"] == 6398
    assert client.get_client() is replica
