"""``houqin web``: the secret key it keeps, the demo it makes, the site it serves."""

from __future__ import annotations

import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from houqin.cli import build
from houqin.cli import web as web_cli
from houqin.core.i18n import use_language
from tools import i18n


def test_the_secret_key_comes_from_the_environment_first(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HOUQIN_SECRET_KEY", "from-the-environment-0123456789")
    assert web_cli.secret_key(tmp_path / "key") == "from-the-environment-0123456789"
    assert not (tmp_path / "key").exists()


def test_the_secret_key_is_generated_once_and_kept_private(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("HOUQIN_SECRET_KEY", raising=False)
    path = tmp_path / "data" / "web-secret-key"
    first = web_cli.secret_key(path)
    assert len(first) >= 40
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert web_cli.secret_key(path) == first
    assert web_cli.secret_key(tmp_path / "other") != first


def _serve(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, *args: str
) -> tuple[Any, dict[str, Any]]:
    import waitress

    served: dict[str, Any] = {}

    def fake_serve(app: Any, **options: Any) -> None:
        served.update(options, app=app)

    monkeypatch.setattr(waitress, "serve", fake_serve)
    monkeypatch.setenv("HOUQIN_SECRET_KEY", "cli-test-secret-0123456789")
    monkeypatch.setenv("HOUQIN_UPLOAD_DIR", str(tmp_path / "uploads"))
    with use_language("en"):
        result = CliRunner().invoke(
            build(plugins=[]), ["--db", str(tmp_path / "school.sqlite3"), "web", *args]
        )
    return result, served


def test_web_demo_creates_the_demo_school_once_and_serves_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    result, served = _serve(monkeypatch, tmp_path, "--demo", "--port", "8123")
    assert result.exit_code == 0, result.output
    assert "Administrator login: admin / " in result.output
    assert "Open http://127.0.0.1:8123/" in result.output
    assert served["port"] == 8123 and served["host"] == "127.0.0.1"
    client = served["app"].test_client()
    assert client.get("/login").status_code == 200
    again, _served = _serve(monkeypatch, tmp_path, "--demo")
    assert again.exit_code == 0, again.output
    assert "already holds a school" in again.output
    assert "Administrator login" not in again.output


def test_web_without_a_school_says_what_to_run(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    result, served = _serve(monkeypatch, tmp_path)
    assert result.exit_code == 1
    assert "houqin init" in result.output
    assert not served


def test_web_help_imports_no_flask() -> None:
    probe = (
        "import sys\nfrom houqin.cli import main\n"
        "try:\n    main(['web', '--help'])\nexcept SystemExit:\n    pass\n"
        "print('FLASK', 'flask' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert "--demo" in out and "FLASK False" in out


def test_template_messages_are_extracted_for_translation() -> None:
    found = {
        message.id: message.locations
        for message in i18n.extract()
        if message.id in {"Skip to the content", "{count} in all", "Export to Excel"}
    }
    assert len(found) == 3
    assert all(any("templates" in where for where, _line in found[m]) for m in found)
