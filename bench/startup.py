"""Start-up: ``houqin --help`` against ``python -c pass``, each in a new process.

The command line imports its groups lazily, so ``--help`` shows how long a
storekeeper waits before anything happens; the bare interpreter's start is
the floor under it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bench.common import Databases, Result, Scale, median, timed

ROOT = Path(__file__).parent.parent


def _run(*args: str) -> float:
    seconds, done = timed(
        lambda: subprocess.run(
            [sys.executable, *args], cwd=ROOT, capture_output=True, text=True, check=False
        )
    )
    assert done.returncode == 0, done.stderr
    return seconds


def help_text() -> str:
    """What ``houqin --help`` prints (the test checks that it is the command's help)."""
    return subprocess.run(
        [sys.executable, "-m", "houqin", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def run(scale: Scale, dbs: Databases) -> list[Result]:
    _run("-m", "houqin", "--help")  # the bytecode written once, as an installed package has it
    ours, bare = [], []
    for _ in range(scale.startup_runs):
        ours.append(_run("-m", "houqin", "--help"))
        bare.append(_run("-c", "pass"))
    return [Result("startup_help", "s", median(ours), median(bare), 3.0)]
