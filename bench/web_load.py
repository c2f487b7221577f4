"""Requests per second on the asset list page against a bare Flask route, same server.

Each site runs in its own process under waitress on loopback (four threads,
as ``houqin web`` serves); a Python client in this process keeps a few
connections busy for a fixed time. Ours is the first page of the register
for a logged-in administrator; the baseline a Flask app whose one route
returns a page of the same size from memory.

The server is ``python -m bench.web_load houqin|bare URL PAGE_BYTES`` and prints its port.
"""

from __future__ import annotations

import http.client
import logging
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from bench.common import Databases, Result, Scale, generated_school
from bench.listing import SECRET, captured, web_app

ROOT = Path(__file__).parent.parent
PATH = "/assets/assets/"
SERVER_THREADS = 4


def _serve() -> None:
    import waitress
    from flask import Flask

    kind, url, size = sys.argv[1], sys.argv[2], int(sys.argv[3])
    if kind == "houqin":
        from houqin.frontends.web import WebConfig, create_app

        app = create_app(
            WebConfig(
                secret_key=SECRET, database_url=url, plugins=[], web_plugins={}, language="zh_CN"
            )
        )
    else:
        app = Flask("bare")
        body = "<!doctype html><p>" + "资" * (size // 3) + "</p>"

        @app.get(PATH)
        def page() -> str:
            return body

    # waitress notes every request that waits for a thread: under load, all of them
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    server: Any = waitress.create_server(app, host="127.0.0.1", port=0, threads=SERVER_THREADS)
    print(server.effective_port, flush=True)
    server.run()


def _load(port: int, cookie: str, seconds: float, clients: int) -> tuple[float, set[int]]:
    """Requests per second over ``seconds`` from ``clients`` keep-alive connections."""
    done = [0] * clients
    statuses: set[int] = set()
    stop = time.perf_counter() + seconds

    def client(i: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while time.perf_counter() < stop:
            conn.request("GET", PATH, headers={"Cookie": cookie})
            response = conn.getresponse()
            response.read()
            statuses.add(response.status)
            done[i] += 1
        conn.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / (time.perf_counter() - started), statuses


def _measure(kind: str, url: str, size: int, cookie: str, scale: Scale) -> tuple[float, set[int]]:
    server = subprocess.Popen(
        [sys.executable, "-m", "bench.web_load", kind, url, str(size)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        port = int(server.stdout.readline())
        _load(port, cookie, min(1.0, scale.web_seconds), scale.web_clients)  # warm up
        return _load(port, cookie, scale.web_seconds, scale.web_clients)
    finally:
        server.terminate()
        server.wait(timeout=30)


def run(scale: Scale, dbs: Databases) -> list[Result]:
    with dbs.fresh(dbs.main_name) as url:
        school, _org = generated_school(url, scale.web_rows)
        try:
            app, client = web_app(school, url)
            assert client.get(PATH).status_code == 200  # what is kept between requests is kept
            with captured(app.extensions["houqin_school"].school.engine) as statements:
                page = client.get(PATH)
            assert page.status_code == 200
            size = len(page.get_data())
            cookie = client.get_cookie("houqin_session")
            assert cookie is not None
            header = f"houqin_session={cookie.value}"
            app.extensions["houqin_school"].close()
        finally:
            school.engine.dispose()
        ours, ours_status = _measure("houqin", url, size, header, scale)
        bare, bare_status = _measure("bare", url, size, header, scale)
    return [
        Result(
            "web_requests", "req/s", ours, bare, 0.25, higher_is_better=True,
            extra={
                "rows": scale.web_rows, "backend": dbs.main_name, "page_bytes": size,
                "statements_per_request": len(statements),
                "clients": scale.web_clients, "server_threads": SERVER_THREADS,
                "seconds": scale.web_seconds,
                "statuses": sorted(ours_status | bare_status),
            },
        )
    ]  # fmt: skip


if __name__ == "__main__":
    _serve()
