"""Django's database sessions, with the two statements every wizard page runs made cheap.

Each wizard request reads the session row, and each answer updates it. Django's "db"
engine builds an ORM query for both, and wraps the update in a transaction of its own
(BEGIN, UPDATE, COMMIT): about a third of a question page's time (issue 6; bench/README.md).
This engine runs the same two statements as plain SQL, written once; a lone UPDATE is
atomic by itself. Everything else (new sessions, new keys, flush, expiry, the cookie) is
Django's own, unchanged. Settings: ``SESSION_ENGINE = "triage.session_store"``.
"""

from __future__ import annotations

from functools import cache
from types import SimpleNamespace
from typing import Any

from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.db import connections, router
from django.utils import timezone

__all__ = ["SessionStore"]


@cache
def _statements(vendor: str) -> tuple[str, str]:
    """The read and the update, quoted for one database backend."""
    connection = next(c for c in connections.all() if c.vendor == vendor)
    table, key, data, expires = map(
        connection.ops.quote_name,
        (Session._meta.db_table, "session_key", "session_data", "expire_date"),
    )
    # Names from Django's session model, never from input.
    select = f"SELECT {data} FROM {table} WHERE {key} = %s AND {expires} > %s"  # noqa: S608
    update = f"UPDATE {table} SET {data} = %s, {expires} = %s WHERE {key} = %s"  # noqa: S608
    return select, update


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self) -> Any:
        connection = connections[router.db_for_read(Session)]
        select, _ = _statements(connection.vendor)
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(select, [self.session_key, now])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None  # as Django does: a missing or expired session
            return None
        return SimpleNamespace(session_data=row[0])

    def save(self, must_create: bool = False) -> None:
        if self.session_key is None or must_create:
            super().save(must_create=must_create)  # a new row: Django's INSERT
            return
        connection = connections[router.db_for_write(Session)]
        _, update = _statements(connection.vendor)
        data = self.encode(self._get_session(no_load=False))  # type: ignore[attr-defined]
        expires = connection.ops.adapt_datetimefield_value(self.get_expiry_date())
        with connection.cursor() as cursor:
            cursor.execute(update, [data, expires, self.session_key])
            updated = cursor.rowcount
        if updated != 1:
            # The row is gone (expired and cleared, or flushed elsewhere): Django's answer
            # is the same, and SessionMiddleware turns it into SessionInterrupted (400).
            raise UpdateError
