"""Wire the emulator together: settings, store, rate limiter, delivery worker, blueprints."""

from __future__ import annotations

import json

from flask import Flask, Response

from . import api, control, oauth, seed
from .config import Settings
from .context import Ctx
from .ratelimit import RateLimiter
from .store import Store
from .webhooks import DeliveryWorker


class Emulator:
    def __init__(self, settings: Settings, db_path: str) -> None:
        self.settings = settings
        self.store = Store(db_path)
        self.limiter = RateLimiter(settings.rate_limit, settings.rate_window_seconds)
        self.worker = DeliveryWorker(self.store, lambda: self.ctx(0))
        if self.store.meta_get("firm_name") is None:
            # A fresh file gets the demo data; an existing one keeps its state (and its pending
            # webhook deliveries) across restarts.
            self.reset()

    def ctx(self, user_id: int) -> Ctx:
        return Ctx(
            store=self.store,
            settings=self.settings,
            user_id=user_id,
            wake=self.worker.wake if hasattr(self, "worker") else lambda: None,
        )

    def demo_user_id(self) -> int:
        owners = [u for u in self.store.all("users") if u.get("account_owner")]
        return owners[0]["id"] if owners else 3001

    def reset(self) -> None:
        with self.store.transaction():
            self.store.wipe()
            seed.seed_demo(self.store, self.ctx)
        self.limiter.clear()


def create_app(emulator: Emulator) -> Flask:
    app = Flask(__name__)
    app.config["EMULATOR"] = emulator
    app.register_blueprint(oauth.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(control.bp)

    @app.errorhandler(404)
    def _not_found(error: Exception) -> Response:
        body = {"error": {"type": "NotFound", "message": "The requested URL was not found"}}
        return Response(json.dumps(body), status=404, mimetype="application/json")

    @app.errorhandler(405)
    def _method_not_allowed(error: Exception) -> Response:
        body = {"error": {"type": "MethodNotAllowed", "message": "Method not allowed"}}
        return Response(json.dumps(body), status=405, mimetype="application/json")

    return app
