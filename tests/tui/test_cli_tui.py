"""``houqin tui``: the configured database, the language, and what it does not import."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from click.testing import CliRunner

from houqin.cli import build
from houqin.core.i18n import use_language
from houqin.frontends.tui.app import HouqinApp
from tests.plugins import lostfound


def test_houqin_tui_opens_the_database_named_by_db(tui_url: str, monkeypatch: Any) -> None:
    started: list[HouqinApp] = []
    monkeypatch.setattr(HouqinApp, "run", lambda self, **kw: started.append(self))
    with use_language("en"):
        result = CliRunner().invoke(
            build(plugins=[lostfound]),
            ["--db", tui_url, "--lang", "en", "tui", "--theme", "textual-light"],
        )
    assert result.exit_code == 0, result.output
    (app,) = started
    assert app.config.database_url == tui_url
    assert (app.config.language, app.config.theme) == ("en", "textual-light")
    assert "lostfound" in app.school.active_plugins()


def test_an_unknown_theme_is_refused_with_the_choices(tui_url: str, monkeypatch: Any) -> None:
    monkeypatch.setattr(HouqinApp, "run", lambda self, **kw: None)
    with use_language("en"):
        result = CliRunner().invoke(build(plugins=[]), ["--db", tui_url, "tui", "--theme", "pink"])
    assert result.exit_code == 2
    assert "textual-light" in result.output


def test_a_database_without_a_school_is_a_message_not_a_traceback(tmp_path: Any) -> None:
    with use_language("en"):
        result = CliRunner().invoke(build(plugins=[]), ["--db", str(tmp_path / "x.db"), "tui"])
    assert result.exit_code == 1
    assert "houqin init" in result.output
    assert "Traceback" not in result.output


def run_python(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    return done.stdout.strip()


def test_tui_help_imports_no_textual_and_the_tui_imports_no_flask() -> None:
    help_imports = run_python(
        "import sys\n"
        "from houqin.cli import main\n"
        "try:\n"
        "    main(['tui', '--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in ('textual', 'flask') if m in sys.modules))\n"
    )
    assert help_imports.splitlines()[-1] == "[]"
    tui_imports = run_python(
        "import sys\n"
        "import houqin.frontends.tui.app, houqin.frontends.tui.screens.kind_list\n"
        "print('flask' in sys.modules, 'textual' in sys.modules)\n"
    )
    assert tui_imports == "False True"
