"""Keep secrets out of every log line.

The LawPay events URL is ``/webhooks/lawpay/<token>/`` and the token is its only authentication
(lawpay-api.md §5), yet Django's request logger, runserver and gunicorn all log request paths;
the Clio OAuth callback's query string holds the authorization ``code`` and the access lines log
that too. A message or traceback that quotes a credential under its name (an ``Authorization``
or ``X-Hook-Secret`` header, ``refresh_token=…`` in a form, ``'client_secret': …`` in a dumped
dict) would log the credential with it. ``SecretPathFilter`` masks all of these in the rendered
message, the traceback and the stack of each record it sees; settings.LOGGING puts it on every
handler (and keeps Celery from replacing them), ``GunicornLogger`` (``config/run.py``) on
gunicorn's own loggers, which do not propagate to the root.

A secret quoted bare, under no name, cannot be told from any other word: code that raises or
logs leaves it out (the Clio errors redact what a server echoes, ``integrations/clio/errors.py``).
"""

from __future__ import annotations

import logging
import re

from gunicorn import glogging

MASK = "****"
_SECRET_PATH = re.compile(r"(/webhooks/lawpay/)[^/\s?#\"']+")
# Only as a parameter of a query string or a form (after ?, & or at the start): a LawPay error
# code or a Clio page_token is no secret.
_SECRET_PARAMETER = re.compile(r"((?<![^?&])(?:code|token)=)[^&\s#\"']+")
_SECRET_NAMES = (
    "authorization",
    "x-hook-secret",
    "access_token",
    "refresh_token",
    "client_secret",
    "secret_key",
    "shared_secret",
    "webhook_token",
)
# The name, its quotes (escaped too, in a repr of JSON), ":" or "=", an auth scheme; the value.
_NAMED_SECRET = re.compile(
    rf"""((?<![\w-])(?:{"|".join(_SECRET_NAMES)})(?:\\?["'])?\s*[:=]\s*(?:\\?["'])?"""
    r"""(?:(?:bearer|basic|token)\s+)?)[^\s"'\\&,;)}\]]+""",
    re.IGNORECASE,
)


def secret_paths_mask(text: str) -> str:
    for pattern in (_SECRET_PATH, _SECRET_PARAMETER, _NAMED_SECRET):
        text = pattern.sub(rf"\g<1>{MASK}", text)
    return text


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
