"""``python -m sandbox.clio --host 127.0.0.1 --port 8001 --db clio.sqlite3``"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import threading

from werkzeug.serving import make_server

from .app import Emulator, create_app
from .config import settings_from_env


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m sandbox.clio", description="Clio Manage API v4 emulator"
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=int(os.environ.get("CLIO_SANDBOX_PORT", 8001)))
    parser.add_argument("--db", default="var/clio-sandbox.sqlite3")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")

    if os.path.dirname(args.db):
        os.makedirs(os.path.dirname(args.db), exist_ok=True)
    emulator = Emulator(settings_from_env(), args.db)
    server = make_server(args.host, args.port, create_app(emulator), threaded=True)

    def shut_down(signum: int, frame: object) -> None:
        # shutdown() blocks until serve_forever returns, so it must run off the main thread.
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, shut_down)
    signal.signal(signal.SIGINT, shut_down)
    emulator.worker.start()
    logging.getLogger(__name__).info("Clio sandbox on http://%s:%s", args.host, server.port)
    try:
        server.serve_forever()
    finally:
        emulator.worker.stop()
        emulator.worker.join(timeout=5)
        server.server_close()


if __name__ == "__main__":
    main()
