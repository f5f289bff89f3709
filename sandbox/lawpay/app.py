"""The Flask application: the gateway API, the hosted pages and the sandbox controls."""

from __future__ import annotations

import logging

from flask import Flask, request
from flask.json.provider import DefaultJSONProvider
from werkzeug.exceptions import HTTPException

from .api import api
from .control import control
from .errors import GatewayError
from .pages import pages
from .settings import Settings
from .store import Store

log = logging.getLogger(__name__)


def _wants_json() -> bool:
    return not request.path.startswith("/pages/")


def create_app(*, settings: Settings, store: Store) -> Flask:
    app = Flask(__name__)
    app.extensions["lawpay_settings"] = settings
    app.extensions["lawpay_store"] = store
    if isinstance(app.json, DefaultJSONProvider):  # Flask's own, always: keep the key order
        app.json.sort_keys = False
    app.register_blueprint(api)
    app.register_blueprint(pages)
    app.register_blueprint(control)

    @app.errorhandler(GatewayError)
    def gateway_error(error: GatewayError):
        return error.response()

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if not _wants_json():
            return error
        if error.code == 404:
            return GatewayError("resource_not_found").response()
        if error.code == 405:
            return GatewayError("invalid_request", "Method not allowed").response()
        return GatewayError("invalid_request", error.description, status=error.code).response()

    @app.errorhandler(Exception)
    def server_error(error: Exception):
        log.exception("unhandled error on %s %s", request.method, request.path)
        if not _wants_json():
            return "Internal server error", 500
        return GatewayError("server_error").response()

    return app
