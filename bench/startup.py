"""Start-up: ``houqin --help`` against ``python -c pass``, each in a new process.

The command line imports its groups lazily, so ``--help`` shows how long a
storekeeper waits before anything happens; the bare interpreter's start is
the floor under it. A third figure, in ``extra``, is click's own floor: a
group of as many commands printing its help, which is what ``houqin --help``
cannot go below while it is a click command.

Every run finds its bytecode written, as an installed package has it (pip
compiles at install time): the runs share a bytecode folder of their own
(``PYTHONPYCACHEPREFIX``), filled by a first run, so that neither
``PYTHONDONTWRITEBYTECODE`` in the environment nor a read-only tree makes
each run compile houqin's modules again, and nothing is written in the tree.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

from bench.common import Databases, Result, Scale, median, timed

ROOT = Path(__file__).parent.parent

# What a click group of houqin's size costs to print its help, and nothing else.
CLICK_FLOOR = """
import click

@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--db", metavar="URL", help="Database")
@click.option("--lang", metavar="zh_CN|en", help="Language")
@click.version_option("0", prog_name="houqin")
def main(db, lang):
    pass

for name in "abcdefghijklmnop":
    main.command(name, help=name)(lambda: None)
main(["--help"], prog_name="houqin")
"""


def _run(env: Mapping[str, str], *args: str) -> float:
    seconds, done = timed(
        lambda: subprocess.run(
            [sys.executable, *args],
            cwd=ROOT,
            env=dict(env),
            capture_output=True,
            text=True,
            check=False,
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
    with tempfile.TemporaryDirectory(prefix="houqin-pycache-") as pycache:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = pycache
        for args in (("-m", "houqin", "--help"), ("-c", "pass"), ("-c", CLICK_FLOOR)):
            _run(env, *args)  # the bytecode written once, as an installed package has it
        ours, bare, floor = [], [], []
        for _ in range(scale.startup_runs):
            ours.append(_run(env, "-m", "houqin", "--help"))
            bare.append(_run(env, "-c", "pass"))
            floor.append(_run(env, "-c", CLICK_FLOOR))
    click_floor = median(floor)
    return [
        Result(
            "startup_help",
            "s",
            median(ours),
            median(bare),
            3.0,
            extra={
                "click_help_floor_s": click_floor,
                "click_help_floor_ratio": round(click_floor / median(bare), 3),
            },
        )
    ]
