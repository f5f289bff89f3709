"""python -m sandbox.lawpay --host 127.0.0.1 --port 8002 --db var/lawpay.sqlite3"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import threading

from werkzeug.serving import make_server

from .app import create_app
from .events import deliveries_unclaim_all, delivery_worker
from .seed import merchant_seed
from .settings import Settings
from .settlement import capture_worker
from .store import Store


def main() -> None:
    parser = argparse.ArgumentParser(description="LawPay payment gateway emulator")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument(
        "--port", type=int, default=int(os.environ.get("LAWPAY_SANDBOX_PORT", 8002))
    )
    parser.add_argument("--db", default="var/lawpay-sandbox.sqlite3")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")

    settings = Settings.from_env()
    store = Store(args.db)
    with store.transaction() as conn:
        # An existing file keeps its state across restarts; only an empty one is seeded.
        if conn.execute("SELECT count(*) FROM merchant").fetchone()[0] == 0:
            merchant_seed(conn, settings=settings)
    deliveries_unclaim_all(store)

    stop = threading.Event()
    workers = [
        threading.Thread(
            target=delivery_worker,
            kwargs={"store": store, "settings": settings, "stop": stop},
            name="lawpay-deliveries",
            daemon=True,
        )
    ]
    if settings.capture_delay >= 0:
        workers.append(
            threading.Thread(
                target=capture_worker,
                kwargs={"store": store, "settings": settings, "stop": stop},
                name="lawpay-capture",
                daemon=True,
            )
        )
    server = make_server(
        args.host, args.port, create_app(settings=settings, store=store), threaded=True
    )
    serving = threading.Thread(target=server.serve_forever, name="lawpay-http", daemon=True)

    # The signal only records the wish to stop: server.shutdown() blocks until serve_forever
    # returns, so it must not run inside the handler on the thread that might be serving.
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    for worker in workers:
        worker.start()
    serving.start()
    logging.getLogger(__name__).info("LawPay sandbox on http://%s:%s", args.host, args.port)
    stop.wait()
    server.shutdown()
    store.changed.set()
    for worker in [*workers, serving]:
        worker.join(timeout=5)


if __name__ == "__main__":
    main()
