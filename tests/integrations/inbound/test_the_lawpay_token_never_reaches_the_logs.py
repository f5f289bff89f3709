"""A 500 on the LawPay events URL is logged with its token masked, by Django and by gunicorn."""

import io
import logging
from contextlib import contextmanager

import pytest
from django.test import Client
from gunicorn.config import Config

from config.logging_filters import GunicornLogger, SecretPathFilter
from integrations.inbound import receivers as inbound
from tests.integrations.inbound.support import LAWPAY_TOKEN, lawpay_connection_make

pytestmark = pytest.mark.django_db


@contextmanager
def _configured_console():
    """What settings.LOGGING's console handler writes (caplog's own handler has no filter)."""
    (console,) = [h for h in logging.getLogger().handlers if h.get_name() == "console"]
    captured = io.StringIO()
    original = console.setStream(captured)
    try:
        yield captured
    finally:
        console.setStream(original)


def test_a_500_on_the_lawpay_url_logs_the_path_with_the_token_masked(monkeypatch):
    lawpay_connection_make()

    def explode(**kwargs):
        raise RuntimeError(f"broken while handling /webhooks/lawpay/{kwargs['token']}/")

    monkeypatch.setattr(inbound, "lawpay_delivery_receive", explode)
    client = Client(raise_request_exception=False)

    with _configured_console() as output:
        response = client.post(f"/webhooks/lawpay/{LAWPAY_TOKEN}/", data="{}", content_type="x")

    logged = output.getvalue()
    assert response.status_code == 500
    assert "Internal Server Error: /webhooks/lawpay/****/" in logged
    assert "RuntimeError: broken while handling /webhooks/lawpay/****/" in logged
    assert LAWPAY_TOKEN not in logged


def test_gunicorn_access_and_error_lines_are_masked(tmp_path):
    cfg = Config()
    cfg.set("accesslog", str(tmp_path / "access.log"))
    cfg.set("errorlog", str(tmp_path / "error.log"))
    log = GunicornLogger(cfg)
    path = f"/webhooks/lawpay/{LAWPAY_TOKEN}/"

    log.access_log.info("%(r)s %(s)s", {"r": f"POST {path}?x=1 HTTP/1.1", "s": "500"})
    log.error("Error handling request %s", path)
    for logger in (log.error_log, log.access_log):
        for handler in logger.handlers[:]:
            handler.close()
            logger.removeHandler(handler)

    written = (tmp_path / "access.log").read_text() + (tmp_path / "error.log").read_text()
    assert "POST /webhooks/lawpay/****/?x=1 HTTP/1.1 500" in written
    assert "Error handling request /webhooks/lawpay/****/" in written
    assert LAWPAY_TOKEN not in written


def test_the_filter_masks_message_arguments_and_leaves_other_paths_alone():
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s',
        ("POST /webhooks/lawpay/abc/ HTTP/1.1", 500),
        None,
    )
    other = logging.LogRecord("x", logging.INFO, __file__, 1, "GET /webhooks/clio/", (), None)

    assert SecretPathFilter().filter(record) and SecretPathFilter().filter(other)
    assert record.getMessage() == '"POST /webhooks/lawpay/****/ HTTP/1.1" 500'
    assert other.getMessage() == "GET /webhooks/clio/"
