"""The command line end to end, on SQLite and PostgreSQL, in Chinese and English."""

from __future__ import annotations

import subprocess
import sys

import sqlalchemy as sa

from houqin.cli.plugin_commands import plugin_command
from tests.plugins import lostfound


def test_init_is_safe_to_run_twice_and_db_check_agrees(houqin_cli) -> None:
    first = houqin_cli("init", "--school-name", "实验小学", "--school-type", "primary")
    assert first.exit_code == 0, first.output
    assert houqin_cli("init").exit_code == 0
    check = houqin_cli("db", "check")
    assert check.exit_code == 0, check.output
    assert "core" in check.output
    settings = houqin_cli("settings", "list", lang="en")
    assert "实验小学" in settings.output and "primary" in settings.output


def test_commands_refuse_a_database_that_was_never_initialised(houqin_cli) -> None:
    result = houqin_cli("org", "campuses", "list", lang="en")
    assert result.exit_code == 1
    assert "houqin init" in result.output
    assert "Traceback" not in result.output


def test_a_database_url_that_cannot_be_opened_gets_one_message(tmp_path) -> None:
    from click.testing import CliRunner

    from houqin.cli import build
    from houqin.core.i18n import use_language

    with use_language("en"):
        runner = CliRunner()
        wrong_engine = runner.invoke(build(), ["--db", "mysql://localhost/school", "init"])
        no_server = runner.invoke(
            build(), ["--db", "postgresql://127.0.0.1:1/none", "plugins", "list"]
        )
    assert wrong_engine.exit_code == 1
    assert "SQLite or PostgreSQL" in wrong_engine.output
    assert no_server.exit_code == 1
    assert "cannot open the database" in no_server.output
    assert "Traceback" not in no_server.output


def test_org_commands_create_list_edit_and_refuse_bad_input(houqin_cli) -> None:
    assert houqin_cli("init").exit_code == 0
    assert houqin_cli("org", "campuses", "add", "--name", "本部").exit_code == 0
    assert (
        houqin_cli("org", "buildings", "add", "--campus", "本部", "--name", "教学楼").exit_code == 0
    )
    bad = houqin_cli(
        "org",
        "rooms",
        "add",
        "--campus",
        "本部",
        "--building",
        "教学楼",
        "--name",
        "101",
        "--area",
        "abc",
        "--capacity",
        "-3",
        "--kind",
        "garage",
        lang="en",
    )
    assert bad.exit_code == 1
    assert "Area (m²): 'abc' is not a number" in bad.output
    assert "Capacity: must be at least 0" in bad.output
    assert "Kind: 'garage' is not one of" in bad.output
    good = houqin_cli(
        "org",
        "rooms",
        "add",
        "--campus",
        "本部",
        "--building",
        "教学楼",
        "--name",
        "101",
        "--kind",
        "lab",
        "--area",
        "72.5",
    )
    assert good.exit_code == 0, good.output
    assert houqin_cli("org", "rooms", "edit", "1", "--capacity", "48").exit_code == 0
    listing = houqin_cli("org", "rooms", "list", "--campus", "本部", lang="en")
    assert "Laboratory" in listing.output and "48" in listing.output and "72.50" in listing.output
    duplicate = houqin_cli(
        "org",
        "rooms",
        "add",
        "--campus",
        "本部",
        "--building",
        "教学楼",
        "--name",
        "101",
        lang="en",
    )
    assert duplicate.exit_code == 1
    assert "already has a room 101" in duplicate.output
    in_use = houqin_cli("org", "buildings", "remove", "1", lang="en")
    assert in_use.exit_code == 1
    assert "still in use" in in_use.output
    assert "1 of 1" in houqin_cli("org", "rooms", "list", lang="en").output


def test_users_roles_and_passwords(houqin_cli) -> None:
    assert houqin_cli("init").exit_code == 0
    added = houqin_cli(
        "users",
        "add",
        "liming",
        "--role",
        "logistics_head",
        "--display-name",
        "李明",
        "--password-stdin",
        input="a-good-password\n",
    )
    assert added.exit_code == 0, added.output
    unknown = houqin_cli(
        "users",
        "add",
        "x",
        "--role",
        "janitor",
        "--password-stdin",
        input="whatever-password\n",
        lang="en",
    )
    assert unknown.exit_code == 1
    assert "unknown role janitor" in unknown.output
    taken = houqin_cli(
        "users",
        "add",
        "liming",
        "--role",
        "teacher",
        "--password-stdin",
        input="a-good-password\n",
        lang="en",
    )
    assert taken.exit_code == 1 and "taken" in taken.output
    short = houqin_cli("users", "passwd", "liming", "--password-stdin", input="short\n", lang="en")
    assert short.exit_code == 1 and "at least 8 characters" in short.output
    assert (
        houqin_cli(
            "users", "passwd", "liming", "--password-stdin", input="another-good-one\n"
        ).exit_code
        == 0
    )
    listing = houqin_cli("users", "list", lang="en")
    assert "liming" in listing.output and "logistics_head" in listing.output
    roles = houqin_cli("roles", "list", lang="en")
    assert "Head of logistics" in roles.output and "org.manage" in roles.output


def test_settings_refuse_a_value_out_of_range(houqin_cli) -> None:
    assert houqin_cli("init").exit_code == 0
    refused = houqin_cli("settings", "set", "auth.password_min_length", "3", lang="en")
    assert refused.exit_code == 1
    assert "between 6 and 128" in refused.output
    assert houqin_cli("settings", "set", "auth.password_min_length", "10").exit_code == 0
    assert "10" in houqin_cli("settings", "list").output


def test_audit_verify_names_the_first_changed_event(houqin_cli, houqin_database_url) -> None:
    assert houqin_cli("init").exit_code == 0
    for name in ("本部", "东校区", "西校区"):
        assert houqin_cli("org", "campuses", "add", "--name", name).exit_code == 0
    intact = houqin_cli("audit", "verify", lang="en")
    assert intact.exit_code == 0 and "3 events" in intact.output
    engine = sa.create_engine(houqin_database_url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE audit_event SET actor = 'someone-else' WHERE seq = 2"))
    engine.dispose()
    broken = houqin_cli("audit", "verify", lang="en")
    assert broken.exit_code == 1
    assert "event 2" in broken.output


def test_hook_houqin_cli_commands_run_only_while_the_plugin_is_on(houqin_cli) -> None:
    assert plugin_command("lostfound", lostfound) is not None
    assert houqin_cli("init", plugins=[lostfound]).exit_code == 0
    off = houqin_cli("lostfound", "count", plugins=[lostfound], lang="en")
    assert off.exit_code == 1
    assert "houqin plugins enable lostfound" in off.output
    listed = houqin_cli("plugins", "list", plugins=[lostfound], lang="en")
    assert "lostfound" in listed.output and "no" in listed.output
    assert houqin_cli("plugins", "enable", "lostfound", plugins=[lostfound]).exit_code == 0
    on = houqin_cli("lostfound", "count", plugins=[lostfound])
    assert on.exit_code == 0 and on.output.strip() == "0"
    unknown = houqin_cli("plugins", "enable", "canteen", plugins=[lostfound], lang="en")
    assert unknown.exit_code == 1 and "unknown plugin 'canteen'" in unknown.output


def test_help_is_chinese_by_default_and_imports_no_frontend_or_database() -> None:
    probe = (
        "import sys\n"
        "from houqin.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('flask', 'textual', 'sqlalchemy', 'alembic') if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    env = {"PATH": "/usr/bin:/bin", "HOUQIN_LANG": ""}
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True
    ).stdout
    assert "HEAVY []" in out
    assert "后勤" in out
    english = subprocess.run(
        [sys.executable, "-m", "houqin", "--lang", "en", "--help"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    ).stdout
    assert "Create or upgrade the school's database" in english
