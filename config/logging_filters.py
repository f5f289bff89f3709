"""Keep secrets that travel in URLs out of every log line.

The LawPay events URL is ``/webhooks/lawpay/<token>/`` and the token is its only authentication
(lawpay-api.md §5), yet Django's request logger, runserver and gunicorn all log request paths.
``SecretPathFilter`` masks the token in the rendered message, the traceback and the stack of each
record it sees; settings.LOGGING puts it on every handler, ``GunicornLogger`` (``config/run.py``)
on gunicorn's own loggers, which do not propagate to the root.
"""

from __future__ import annotations

import logging
import re

from gunicorn import glogging

MASK = "****"
_SECRET_PATH = re.compile(r"(/webhooks/lawpay/)[^/\s?#\"']+")


def secret_paths_mask(text: str) -> str:
    return _SECRET_PATH.sub(rf"\g<1>{MASK}", text)


class SecretPathFilter(logging.Filter):
    """Masks, never drops: the record is rewritten in place, so later handlers see it masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:
            message = None
        if message is not None:
            # Rendered first: a token can sit in an argument (django.request, gunicorn's atoms).
            record.msg, record.args = secret_paths_mask(message), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = secret_paths_mask(record.exc_text)
        if record.stack_info:
            record.stack_info = secret_paths_mask(record.stack_info)
        return True


class GunicornLogger(glogging.Logger):
    """gunicorn's logger with the filter on its error and access loggers.

    On the loggers rather than their handlers: gunicorn replaces its handlers when it reopens
    log files (SIGUSR1), and records are logged on exactly these two loggers.
    """

    def setup(self, cfg) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            if not any(isinstance(f, SecretPathFilter) for f in log.filters):
                log.addFilter(SecretPathFilter())
