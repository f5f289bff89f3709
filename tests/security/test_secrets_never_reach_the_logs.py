"""No secret reaches a log line (issue 10).

Each receiver, the Clio OAuth flow, the LawPay client and the API are driven into their errors
with every logger at DEBUG. Then what the configured handlers wrote is searched for every
secret: settings.LOGGING's console handler on the root logger (where django.request,
django.server, celery, urllib3 and requests all propagate), and the access lines gunicorn
(``GunicornLogger``) and runserver write for each request served. A Celery worker sets up
logging of its own, so one is started and checked in a process of its own.

Errors raised on purpose quote the secrets under their names, the way a careless message does
(a header, an OAuth parameter, a key of a dumped dict): the filter masks those. A bare secret in
an exception's text cannot be told from any other word, so leaving it out is the raising code's
job; the real error paths below, against servers that echo what they were sent, show ours do.
"""

from __future__ import annotations

import base64
import io
import json
import logging
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import responses
from django.core.management import call_command
from django.core.servers.basehttp import WSGIRequestHandler
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from gunicorn.config import Config
from rest_framework.authtoken.models import Token

from config.celery import app as celery_app
from config.logging_filters import GunicornLogger
from integrations.clio import events as clio_events
from integrations.clio import webhooks
from integrations.clio.connection import clio_client, clio_rate_limiter
from integrations.models import ClioConnection, ClioWebhook, InboundEvent, LawPayConnection
from tests.integrations.clio.sandbox import consent_submit
from tests.sandbox_process import REPO_ROOT

pytestmark = pytest.mark.django_db

CLIO = "https://clio.test"
LAWPAY = "https://lawpay.test"
CLIO_CLIENT_SECRET = "clio-app-secret-Qm2ZxK9f"
CLIO_ACCESS_TOKEN = "clio-access-4Rt8PwL1c"
CLIO_REFRESH_TOKEN = "clio-refresh-9Hs3VbN6d"
CLIO_REFRESHED_TOKEN = "clio-access-new-2Jd5YcF0"
CLIO_OAUTH_CODE = "clio-code-6Wn1QeT4x"
CLIO_WEBHOOK_SECRET = "clio-hook-secret-3Pk7MuA2"
CLIO_HANDSHAKE_SECRET = "clio-handshake-8Lx4RiS5"
LAWPAY_SECRET_KEY = "lawpay-secret-key-5Gv9TzH3"
LAWPAY_URL_TOKEN = "lawpay-url-token-1Bq6NsD8"
API_TOKEN = "remit-api-token-f4e2a90b7c1d3e5f6a8b9c0d"


def basic(key: str) -> str:
    """A LawPay key as it travels: the user of a Basic credential."""
    return base64.b64encode(f"{key}:".encode()).decode()


SECRETS = {
    "Clio client secret": CLIO_CLIENT_SECRET,
    "Clio access token": CLIO_ACCESS_TOKEN,
    "Clio refresh token": CLIO_REFRESH_TOKEN,
    "refreshed Clio access token": CLIO_REFRESHED_TOKEN,
    "Clio authorization code": CLIO_OAUTH_CODE,
    "Clio webhook shared secret": CLIO_WEBHOOK_SECRET,
    "Clio handshake secret": CLIO_HANDSHAKE_SECRET,
    "LawPay secret key": LAWPAY_SECRET_KEY,
    "LawPay secret key (Basic credential)": basic(LAWPAY_SECRET_KEY),
    "LawPay events URL token": LAWPAY_URL_TOKEN,
    "API token": API_TOKEN,
}
# Every one of these must reach the capture at DEBUG, or a clean search would prove nothing.
CAPTURED_LOGGERS = (
    "",
    "django.request",
    "django.server",
    "celery.app.trace",
    "urllib3.connectionpool",
    "requests",
    "integrations",
    "accounts",
)


@dataclass
class Logs:
    """What the configured handlers wrote while a test ran."""

    console: io.StringIO
    access_log: Path
    served: list[tuple[dict, int, int]] = field(default_factory=list)

    def text(self) -> str:
        self._write_access_lines()
        for name in CAPTURED_LOGGERS:
            logging.getLogger(name).debug("capture check %r", name)
        written = self.console.getvalue()
        missing = [name for name in CAPTURED_LOGGERS if f"capture check {name!r}" not in written]
        assert not missing, f"not captured at DEBUG: {missing}"
        return written + self.access_log.read_text()

    def _write_access_lines(self) -> None:
        """Each request served, as gunicorn (Remit's logger class) and runserver log it."""
        cfg = Config()
        cfg.set("accesslog", str(self.access_log))
        cfg.set("errorlog", str(self.access_log.with_name("error.log")))
        gunicorn = GunicornLogger(cfg)
        while self.served:
            environ, status, size = self.served.pop(0)
            query = environ.get("QUERY_STRING")
            uri = environ["PATH_INFO"] + (f"?{query}" if query else "")
            headers = [(k[5:].replace("_", "-"), v) for k, v in environ.items() if k[:5] == "HTTP_"]
            gunicorn.access(
                SimpleNamespace(status=str(status), sent=size, headers=[]),
                SimpleNamespace(headers=headers),
                {**environ, "RAW_URI": uri},
                timedelta(milliseconds=3),
            )
            runserver = WSGIRequestHandler.__new__(WSGIRequestHandler)
            runserver.request = None
            runserver.requestline = f"{environ['REQUEST_METHOD']} {uri} HTTP/1.1"
            runserver.log_request(status, size)
        for logger in (gunicorn.error_log, gunicorn.access_log):
            for handler in logger.handlers[:]:
                handler.close()
                logger.removeHandler(handler)


@pytest.fixture
def logs(monkeypatch, tmp_path) -> Iterator[Logs]:
    # settings.LOGGING's own handler, filters and formatter (traceback included), only written
    # elsewhere: a handler of the test's own would prove nothing about the configuration.
    root = logging.getLogger()
    (console,) = [h for h in root.handlers if h.get_name() == "console"]
    captured = Logs(console=io.StringIO(), access_log=tmp_path / "access.log")
    captured.access_log.touch()
    previous_stream = console.setStream(captured.console)
    loggers = [logging.getLogger(name) for name in CAPTURED_LOGGERS]
    loggers += [
        logger
        for logger in logging.root.manager.loggerDict.values()
        if isinstance(logger, logging.Logger) and logger.level
    ]
    # Loggers that settings or libraries made quieter (django at INFO) speak at DEBUG too.
    levels = {logger: logger.level for logger in loggers}
    for logger in levels:
        logger.setLevel(logging.DEBUG)
    # The test client writes no access line; every request it makes is logged afterwards as
    # the servers would (Logs.text).
    original_request = Client.request

    def request(self, **kwargs):
        response = original_request(self, **kwargs)
        size = 0 if response.streaming else len(response.content)
        captured.served.append((response.wsgi_request.environ, response.status_code, size))
        return response

    monkeypatch.setattr(Client, "request", request)
    try:
        yield captured
    finally:
        for logger, level in levels.items():
            logger.setLevel(level)
        console.setStream(previous_stream)


def assert_no_secret_in(text: str, **more: str) -> None:
    secrets = {**SECRETS, **more}
    leaked = sorted(name for name, value in secrets.items() if value and value in text)
    assert not leaked, f"logged: {', '.join(leaked)}\n{text}"


def careless_error(**quoted: str) -> RuntimeError:
    """An error that quotes secrets under their names, as a dumped dict of headers does."""
    return RuntimeError(f"failed while handling {quoted!r}")


def raising(error: Exception) -> Callable[..., None]:
    def fail(*args, **kwargs):
        raise error

    return fail


def task(name: str):
    # By name, as a worker finds it: tasks move between modules, their names stay.
    return celery_app.tasks[name]


def clio_delivery(*, record_id: int, webhook_id: int = 77) -> bytes:
    meta = {"event": "updated", "webhook_id": webhook_id}
    return json.dumps({"data": {"id": record_id, "etag": '"e1"'}, "meta": meta}).encode()


def clio_post(web: Client, body: bytes, *, signed_with: str | None = None, **headers):
    if signed_with is not None:
        headers["HTTP_X_HOOK_SIGNATURE"] = webhooks.signature_compute(
            raw_body=body, shared_secret=signed_with
        )
    return web.post("/webhooks/clio/", data=body, content_type="application/json", **headers)


def clio_webhook_make(*, clio_id: int = 77) -> ClioWebhook:
    return ClioWebhook.objects.create(
        clio_id=clio_id,
        model="activity",
        url="https://remit.example/webhooks/clio/",
        fields="id,etag,updated_at",
        events=["created", "updated", "deleted"],
        shared_secret=CLIO_WEBHOOK_SECRET,
        status=ClioWebhook.Status.ENABLED,
    )


def clio_connection_make(*, expired: bool = False) -> ClioConnection:
    clio_rate_limiter.cache_clear()
    return ClioConnection.objects.create(
        singleton=True,
        base_url=CLIO,
        client_id="remit-app",
        client_secret=CLIO_CLIENT_SECRET,
        access_token=CLIO_ACCESS_TOKEN,
        refresh_token=CLIO_REFRESH_TOKEN,
        token_expires_at=timezone.now() + timedelta(hours=-1 if expired else 1),
        status=ClioConnection.Status.CONNECTED,
    )


def echo_of_form(status: int, *, html: bool = False):
    """A token endpoint that quotes back what it was sent: the form, and each value bare."""

    def answer(request):
        form = request.body if isinstance(request.body, str) else request.body.decode()
        bare = " ".join(v for values in parse_qs(form).values() for v in values)
        if html:
            return status, {"Content-Type": "text/html"}, f"<pre>{bare}</pre>"
        body = {"error": "invalid_grant", "error_description": f"refused {form} ({bare})"}
        return status, {"Content-Type": "application/json"}, json.dumps(body)

    return answer


@pytest.fixture
def mocked() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        yield rsps


@pytest.fixture
def admin_web(firm_admin) -> Client:
    web = Client(raise_request_exception=False)
    web.force_login(firm_admin)
    return web


def test_the_clio_receiver_rejecting_and_failing_logs_no_secret(logs, monkeypatch):
    clio_webhook_make()
    web = Client(raise_request_exception=False)
    delivery = clio_delivery(record_id=301)
    malformed = b'{"data": ['
    foreign = clio_delivery(record_id=301, webhook_id=78)
    handshake = json.dumps({"data": {"webhook_id": 79}}).encode()
    known_handshake = json.dumps({"data": {"webhook_id": 77}}).encode()

    answers = [
        clio_post(web, delivery),
        clio_post(web, delivery, signed_with="not-the-shared-secret"),
        clio_post(web, malformed, signed_with=CLIO_WEBHOOK_SECRET),
        clio_post(web, foreign, signed_with=CLIO_WEBHOOK_SECRET),
        clio_post(web, handshake, HTTP_X_HOOK_SECRET=CLIO_HANDSHAKE_SECRET),
        clio_post(web, known_handshake, HTTP_X_HOOK_SECRET=CLIO_HANDSHAKE_SECRET),
    ]
    with monkeypatch.context() as patched:
        error = careless_error(
            shared_secret=CLIO_WEBHOOK_SECRET, **{"X-Hook-Secret": CLIO_HANDSHAKE_SECRET}
        )
        patched.setattr(webhooks, "delivery_digest", raising(error))
        answers.append(clio_post(web, delivery, signed_with=CLIO_WEBHOOK_SECRET))

    assert [a.status_code for a in answers] == [401, 401, 400, 401, 401, 200, 500]
    text = logs.text()
    assert "Internal Server Error: /webhooks/clio/" in text
    assert "RuntimeError: failed while handling" in text
    assert_no_secret_in(text)


def test_a_clio_delivery_failing_in_the_worker_logs_no_secret(logs, monkeypatch, mocked):
    clio_webhook_make()
    clio_connection_make()
    web = Client()
    for record_id in (301, 302):
        clio_post(web, clio_delivery(record_id=record_id), signed_with=CLIO_WEBHOOK_SECRET)
    first, second = InboundEvent.objects.order_by("pk")
    error = careless_error(
        access_token=CLIO_ACCESS_TOKEN,
        refresh_token=CLIO_REFRESH_TOKEN,
        Authorization=f"Bearer {CLIO_ACCESS_TOKEN}",
    )
    with monkeypatch.context() as patched:
        patched.setattr(clio_events, "clio_record_sync", raising(error))
        task("integrations.inbound_event_process").apply(args=[first.pk])
    # The real path: Clio refuses the token (quoting it), and the refresh it triggers fails.
    mocked.add(
        responses.GET,
        re.compile(rf"{CLIO}/api/v4/.*"),
        status=401,
        json={"error": {"type": "InvalidToken", "message": f"token {CLIO_ACCESS_TOKEN} expired"}},
    )
    mocked.add_callback(
        responses.POST, f"{CLIO}/oauth/token", callback=echo_of_form(500, html=True)
    )
    task("integrations.inbound_event_process").apply(args=[second.pk])

    first.refresh_from_db()
    second.refresh_from_db()
    text = logs.text()
    assert "RuntimeError" in first.last_error and "OAuthError" in second.last_error
    assert "attempt 1 failed: RuntimeError" in text
    assert "attempt 1 failed: OAuthError" in text
    assert_no_secret_in(text)


def test_a_failing_refresh_in_a_celery_task_logs_no_secret(logs, mocked):
    clio_connection_make(expired=True)
    mocked.add_callback(responses.POST, f"{CLIO}/oauth/token", callback=echo_of_form(400))

    result = task("integrations.clio.webhooks_upkeep").apply()

    text = logs.text()
    assert result.failed()
    assert "clio.webhooks_upkeep" in text and "raised unexpected" in text
    assert "400 invalid_grant: refused grant_type=refresh_token" in text
    assert_no_secret_in(text)


def test_the_clio_oauth_flow_failing_and_succeeding_logs_no_secret(logs, admin_web, mocked):
    token_answers = [echo_of_form(400), echo_of_form(503, html=True)]

    def token_endpoint(request):
        if token_answers:
            return token_answers.pop(0)(request)
        grant = parse_qs(request.body)["grant_type"][0]
        access = CLIO_ACCESS_TOKEN if grant == "authorization_code" else CLIO_REFRESHED_TOKEN
        body = {"access_token": access, "refresh_token": CLIO_REFRESH_TOKEN, "expires_in": 3600}
        return 200, {}, json.dumps(body)

    mocked.add_callback(responses.POST, f"{CLIO}/oauth/token", callback=token_endpoint)
    mocked.add(
        responses.GET,
        re.compile(rf"{CLIO}/api/v4/users/who_am_i.*"),
        json={"data": {"id": 1, "name": "Ada Admin"}},
    )
    mocked.add_callback(
        responses.POST, f"{CLIO}/oauth/deauthorize", callback=echo_of_form(500, html=True)
    )

    def authorize() -> str:
        response = admin_web.post(
            reverse("integrations:clio-connect"),
            {"client_id": "remit-app", "client_secret": CLIO_CLIENT_SECRET},
        )
        return parse_qs(urlsplit(response.url).query)["state"][0]

    def callback(state: str):
        return admin_web.get(
            reverse("integrations:clio-callback"), {"code": CLIO_OAUTH_CODE, "state": state}
        )

    with override_settings(CLIO_BASE_URL=CLIO):
        authorize()
        callback("forged-state")
        for _ in range(3):  # 400 from the token endpoint, then 503, then success
            callback(authorize())
        connected = ClioConnection.objects.get()
        ClioConnection.objects.update(token_expires_at=timezone.now() - timedelta(hours=1))
        clio_client().get("users/who_am_i", fields=["id", "name"])
        admin_web.post(reverse("integrations:clio-disconnect"))

    text = logs.text()
    assert connected.status == ClioConnection.Status.CONNECTED
    assert "unknown state refused" in text
    assert "code exchange failed: 400 invalid_grant" in text
    assert "code exchange failed: 503 oauth_error" in text
    assert "refreshed access token" in text
    assert "/integrations/clio/callback/?code=****" in text  # the access lines, masked
    assert_no_secret_in(text)


def test_the_clio_oauth_flow_over_sockets_logs_no_secret(logs, admin_web, clio_sandbox_factory):
    callback = "http://testserver/integrations/clio/callback/"
    sandbox = clio_sandbox_factory(
        CLIO_SANDBOX_REDIRECT_URIS=callback,
        CLIO_SANDBOX_CLIENT_ID="remit-app",
        CLIO_SANDBOX_CLIENT_SECRET=CLIO_CLIENT_SECRET,
    )
    issued: dict[str, str] = {}

    def connect(client_secret: str) -> None:
        response = admin_web.post(
            reverse("integrations:clio-connect"),
            {"client_id": "remit-app", "client_secret": client_secret},
        )
        back = consent_submit(requests.Session(), response.url, allow=True).headers["Location"]
        issued[f"authorization code {len(issued)}"] = parse_qs(urlsplit(back).query)["code"][0]
        admin_web.get(f"{urlsplit(back).path}?{urlsplit(back).query}")

    with override_settings(CLIO_BASE_URL=sandbox.base_url):
        connect("not-the-app-secret")
        connect(CLIO_CLIENT_SECRET)
        connection = ClioConnection.objects.get()
        issued |= {
            "access token": connection.access_token,
            "refresh token": connection.refresh_token,
        }
        ClioConnection.objects.update(token_expires_at=timezone.now() - timedelta(hours=1))
        clio_client().get("users/who_am_i", fields=["id", "name"])
        issued["refreshed access token"] = ClioConnection.objects.get().access_token

    text = logs.text()
    assert connection.status == ClioConnection.Status.CONNECTED
    assert '"POST /oauth/token HTTP/1.1" 200' in text  # urllib3's own lines are in the capture
    assert_no_secret_in(text, **issued)


def test_the_lawpay_receiver_rejecting_and_failing_logs_no_secret(logs, monkeypatch, mocked):
    LawPayConnection.objects.create(
        base_url=LAWPAY, secret_key=LAWPAY_SECRET_KEY, webhook_token=LAWPAY_URL_TOKEN
    )
    web = Client(raise_request_exception=False)
    url = f"/webhooks/lawpay/{LAWPAY_URL_TOKEN}/"

    def post(body: str, to: str = url):
        return web.post(to, data=body, content_type="application/json")

    answers = [
        post('{"id": "evt_1"}', to="/webhooks/lawpay/not-the-token/"),
        post('{"id": '),
        post('{"type": "transaction.completed"}'),
        web.get(url),
        post('{"id": "evt_1", "type": "transaction.completed"}'),
        post('{"id": "evt_2", "type": "transaction.completed"}'),
    ]
    with monkeypatch.context() as patched:
        error = careless_error(webhook_token=LAWPAY_URL_TOKEN, secret_key=LAWPAY_SECRET_KEY)
        patched.setattr(InboundEvent.objects, "create", raising(error))
        answers.append(post('{"id": "evt_3", "type": "transaction.completed"}'))
    # The worker re-fetches each hint with the key in the Authorization header; LawPay fails.
    sent_keys: list[str] = []

    def gateway(status: int, code: str):
        def answer(request):
            sent_keys.append(request.headers["Authorization"])
            body = {"messages": [{"code": code, "level": "error", "message": "Try again."}]}
            return status, {}, json.dumps(body)

        return answer

    mocked.add_callback(responses.GET, f"{LAWPAY}/v1/events/evt_1", gateway(401, "not_authorized"))
    mocked.add_callback(responses.GET, f"{LAWPAY}/v1/events/evt_2", gateway(500, "server_error"))
    for event in InboundEvent.objects.filter(dedupe_key__in=["evt_1", "evt_2"]):
        task("integrations.inbound_event_process").apply(args=[event.pk])

    text = logs.text()
    assert [a.status_code for a in answers] == [401, 400, 400, 405, 200, 200, 500]
    assert sent_keys == [f"Basic {basic(LAWPAY_SECRET_KEY)}"] * 2
    assert "Internal Server Error: /webhooks/lawpay/****/" in text
    assert "attempt 1 failed: AuthenticationFailed" in text
    assert "attempt 1 failed: GatewayUnavailable" in text
    assert_no_secret_in(text)


def test_the_lawpay_settings_failing_against_the_gateway_log_no_secret(logs, admin_web, mocked):
    mocked.add(
        responses.GET,
        f"{LAWPAY}/v1/merchant",
        status=500,
        json={"messages": [{"code": "server_error", "level": "error", "message": "Down."}]},
    )

    with override_settings(LAWPAY_BASE_URL=LAWPAY):
        admin_web.post(
            reverse("integrations:lawpay-keys"), {"mode": "test", "secret_key": LAWPAY_SECRET_KEY}
        )

    text = logs.text()
    assert [call.request.headers["Authorization"] for call in mocked.calls] == [
        f"Basic {basic(LAWPAY_SECRET_KEY)}"
    ]
    assert "LawPay key check failed: server_error" in text
    assert_no_secret_in(text)


def test_the_lawpay_settings_over_sockets_log_no_secret(logs, admin_web, lawpay_sandbox):
    credentials = requests.get(f"{lawpay_sandbox.base_url}/_sandbox/credentials", timeout=5).json()
    keys = {name: value for name, value in credentials.items() if "secret" in name}

    with override_settings(LAWPAY_BASE_URL=lawpay_sandbox.base_url):
        for secret_key in ("lawpay-not-the-key-" * 3, credentials["test_secret_key"]):
            admin_web.post(
                reverse("integrations:lawpay-keys"),
                {"mode": "test", "secret_key": secret_key, "public_key": credentials["public_key"]},
            )
        admin_web.post(reverse("integrations:lawpay-webhook"))
        admin_web.get(reverse("integrations:connections"))

    connection = LawPayConnection.objects.get()
    text = logs.text()
    assert connection.webhook_registered_url.endswith(f"/{connection.webhook_token}/")
    assert '"PUT /v1/merchant HTTP/1.1" 200' in text  # urllib3's own lines are in the capture
    assert_no_secret_in(
        text,
        events_url_token=connection.webhook_token,
        **keys,
        **{f"{name} (Basic credential)": basic(value) for name, value in keys.items()},
    )


def test_api_requests_with_a_wrong_token_or_a_failing_view_log_no_token(
    logs, firm_admin, monkeypatch
):
    Token.objects.create(user=firm_admin, key=API_TOKEN)
    web = Client(raise_request_exception=False)
    url = reverse("api-invoices")

    answers = [
        web.get(url, HTTP_AUTHORIZATION=f"Token {API_TOKEN[:-1]}x"),
        web.get(url, HTTP_AUTHORIZATION=f"Token {API_TOKEN} {API_TOKEN}"),
        web.get(url, HTTP_AUTHORIZATION=f"Token {API_TOKEN}"),
    ]
    error = careless_error(Authorization=f"Token {API_TOKEN}")
    monkeypatch.setattr("billing.api.invoices_for_api", raising(error))
    answers.append(web.get(url, HTTP_AUTHORIZATION=f"Token {API_TOKEN}"))
    issued, rotated = io.StringIO(), io.StringIO()
    call_command("issue_api_token", firm_admin.username, stdout=issued)
    call_command("issue_api_token", firm_admin.username, "--rotate", stdout=rotated)

    text = logs.text()
    assert [a.status_code for a in answers] == [403, 403, 200, 500]
    assert issued.getvalue().strip() == API_TOKEN
    assert "Internal Server Error: /api/v1/invoices/" in text
    assert_no_secret_in(text, rotated_api_token=rotated.getvalue().strip())


WORKER = """
import logging, os, sys
from celery.signals import worker_ready
from config.celery import app

@worker_ready.connect
def log_and_leave(**_):
    logging.getLogger("integrations").warning(
        "POST /webhooks/lawpay/%s/ failed: %r", sys.argv[1], {"access_token": sys.argv[2]}
    )
    logging.shutdown()
    os._exit(0)

app.worker_main(["worker", "--pool", "solo", "--loglevel", "DEBUG", "--queues", "nothing",
                 "--without-mingle", "--without-gossip", "--without-heartbeat"])
"""


def test_a_celery_worker_logs_through_the_same_filter(tmp_path):
    # The embedded broker under a private directory: the worker only needs to start.
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "CELERY_BROKER_URL")}
    env |= {"REMIT_VAR_DIR": str(tmp_path), "PYTHONPATH": str(REPO_ROOT)}

    worker = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", WORKER, LAWPAY_URL_TOKEN, CLIO_ACCESS_TOKEN],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    text = worker.stdout + worker.stderr
    assert worker.returncode == 0, text
    assert_no_secret_in(text)
    assert "POST /webhooks/lawpay/****/ failed: {'access_token': '****'}" in text
