"""Log formatting: expected failures are one line, not a traceback.

A minute of database faults once wrote 1,969 tracebacks: each 503 (the database away or
read-only) and each refused request (django.security.*, e.g. a Host header not in
ALLOWED_HOSTS) logged a whole stack that says nothing new. Those records become one line
that names the exception classes; every other record, a real bug's 500 above all, keeps
its traceback. Only the text changes: other handlers get the record as it was.
"""

import logging


def _is_expected(record: logging.LogRecord) -> bool:
    if record.name.startswith("django.security."):
        return True
    return record.name == "django.request" and getattr(record, "status_code", None) == 503


def _exception_names(error: BaseException | None) -> str:
    """'django.db.utils.InternalError from psycopg.errors.ReadOnlySqlTransaction'.

    Class names only: an exception's message may quote a value someone posted.
    """
    names: list[str] = []
    while error is not None and len(names) < 3:
        names.append(f"{type(error).__module__}.{type(error).__qualname__}")
        error = error.__cause__ or error.__context__
    return " from ".join(names)


class OneLineFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        if not _is_expected(record):
            return super().format(record)
        line = logging.makeLogRecord(record.__dict__)
        if record.exc_info and record.exc_info[1] is not None:
            line.msg = f"{record.getMessage()} ({_exception_names(record.exc_info[1])})"
            line.args = None
        line.exc_info = None
        line.exc_text = None
        line.stack_info = None
        return " ".join(super().format(line).splitlines())
