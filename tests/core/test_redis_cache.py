"""config/cache.py: Django's RedisCache with one redis-py client per connection pool.

Run against a real Redis by tests/faults/test_scale_out.py (two gunicorn nodes); these
check the one thing it changes, without a server (a pool connects only when used).
"""

from unittest import mock

import redis

from config.cache import RedisCache, RedisCacheClient


def test_the_backend_sends_every_command_through_one_redis_client():
    # Django's own backend would build a new redis.Redis for each of these calls.
    cache = RedisCache("redis://127.0.0.1:6399/0", {"OPTIONS": {"db": 0}})
    with (
        mock.patch.object(redis.Redis, "get", autospec=True, return_value=None) as get,
        mock.patch.object(redis.Redis, "set", autospec=True) as set_,
    ):
        cache.set("a", 1)
        assert cache.get("a") is None
        assert cache.get("b") is None
    clients = [call.args[0] for call in [*set_.call_args_list, *get.call_args_list]]
    assert len(clients) == 3
    assert all(client is clients[0] for client in clients)
    assert clients[0].connection_pool.connection_kwargs["port"] == 6399


def test_reads_and_writes_share_one_client_for_one_server():
    client = RedisCacheClient(["redis://127.0.0.1:6399/0"])
    first = client.get_client("a", write=True)
    assert client.get_client("b") is first
    assert first.connection_pool.connection_kwargs["port"] == 6399


def test_each_server_keeps_its_own_client():
    client = RedisCacheClient(["redis://127.0.0.1:6399/0", "redis://127.0.0.1:6398/0"])
    primary = client.get_client(write=True)
    replica = client.get_client()  # reads go to the other server
    assert primary is not replica
    assert primary.connection_pool.connection_kwargs["port"] == 6399
    assert replica.connection_pool.connection_kwargs["port"] == 6398
    assert client.get_client() is replica
