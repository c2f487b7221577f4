"""``python -m bench [--scale small|full] [--db URL] [--only NAME] [--out FILE]``."""

from __future__ import annotations

import argparse
import importlib
import json
import platform
import sqlite3
import sys
import time
from collections.abc import Callable
from typing import Any

import attrs

from bench.common import (
    DEFAULT_POSTGRES,
    SCALES,
    Databases,
    Result,
    Scale,
    environment_note,
    postgres_reachable,
    temporary_folder,
)

WORKLOADS = (
    "imports",
    "listing",
    "counts",
    "stock_race",
    "tui",
    "startup",
    "audit_chain",
    "web_load",
)


def workload(name: str) -> Callable[[Scale, Databases], list[Result]]:
    module = importlib.import_module(f"bench.{name}")
    run: Callable[[Scale, Databases], list[Result]] = module.run
    return run


def _row(result: Result) -> str:
    mark = "ok" if result.met else "MISSED"
    return (
        f"{result.name:<24} {result.ours:>12.4g} {result.baseline:>12.4g} {result.unit:<9}"
        f" {result.ratio:>8.2f}  {('≥' if result.higher_is_better else '≤')}{result.target:<5}"
        f" {mark}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--scale", choices=sorted(SCALES), default="small")
    parser.add_argument(
        "--db", default=None, help="PostgreSQL URL for the one-backend workloads (default SQLite)"
    )
    parser.add_argument(
        "--postgres",
        default=DEFAULT_POSTGRES,
        help=f"server for the PostgreSQL runs of the both-backends workloads ({DEFAULT_POSTGRES})",
    )
    parser.add_argument("--only", action="append", choices=WORKLOADS, help="run only these")
    parser.add_argument("--out", default="bench-results.json")
    parser.add_argument(
        "--runs", type=int, default=None, help="repeat each measurement this often (median)"
    )
    args = parser.parse_args(argv)
    scale = SCALES[args.scale]
    if args.runs:
        scale = attrs.evolve(scale, runs=args.runs)
    postgres = args.db or (args.postgres if postgres_reachable(args.postgres) else None)
    started = time.perf_counter()
    results: list[Result] = []
    print(f"scale {scale.name}; {environment_note()}; PostgreSQL: {postgres or 'not reachable'}")
    print(f"{'workload':<24} {'ours':>12} {'baseline':>12} {'unit':<9} {'ratio':>8}  target")
    with temporary_folder() as folder:
        dbs = Databases(folder, args.db, postgres)
        for name in args.only or WORKLOADS:
            for result in workload(name)(scale, dbs):
                print(_row(result), flush=True)
                results.append(result)
    report: dict[str, Any] = {
        "scale": scale.name,
        "seconds": round(time.perf_counter() - started, 1),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "backend": "postgresql" if args.db else "sqlite",
        "load": environment_note(),
        "results": [r.as_json() for r in results],
    }
    with open(args.out, "w", encoding="utf-8") as handle:
        json.dump(report, handle, ensure_ascii=False, indent=2, default=str)
    print(f"{len(results)} results in {report['seconds']} s, written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
