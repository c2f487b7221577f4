"""``houqin --help`` lists installed plugins' commands, translated, and finds them cheaply.

The quick look of :mod:`houqin.core.entry_points` must never miss a plugin that
``importlib.metadata`` would find; these build small installed distributions in
a temporary folder put on ``sys.path``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from houqin.core import entry_points as quick
from houqin.core.plugins import ENTRY_POINT_GROUP

ROOT = Path(__file__).resolve().parent.parent.parent

LOSTFOUND = "[houqin.plugins]\nlostfound = tests.plugins.lostfound\n"


def _install(
    folder: Path, dist: str, entry_points_txt: str | None, suffix: str = ".dist-info"
) -> None:
    info = folder / f"{dist}-1.0{suffix}"
    info.mkdir(parents=True)
    name = "PKG-INFO" if suffix == ".egg-info" else "METADATA"
    (info / name).write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 1.0\n")
    if entry_points_txt is not None:
        (info / "entry_points.txt").write_text(entry_points_txt)


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A folder at the front of ``sys.path``, as a site-packages would be."""
    folder = tmp_path / "site"
    folder.mkdir()
    monkeypatch.syspath_prepend(str(folder))
    yield folder


def _metadata_names() -> list[str]:
    return [ep.name for ep in entry_points(group=ENTRY_POINT_GROUP)]


def test_the_group_is_the_plugin_hosts() -> None:
    assert quick.GROUP == ENTRY_POINT_GROUP


def test_agrees_with_importlib_metadata_here() -> None:
    assert sorted(quick.entry_point_names()) == sorted(_metadata_names())


def test_a_plugin_in_a_dist_info_is_found(site: Path) -> None:
    _install(site, "houqin_lostfound", LOSTFOUND)
    _install(site, "other", "[console_scripts]\nother = other:main\n")
    assert quick.may_declare()
    assert "lostfound" in quick.entry_point_names()
    assert sorted(quick.entry_point_names()) == sorted(_metadata_names())


@pytest.mark.parametrize(
    ("suffix", "folder"),
    [(".egg-info", ""), (".DIST-INFO", ""), ("", "houqin_lostfound-1.0-py3.11.egg")],
)
def test_egg_info_and_upper_case_folders_are_found(site: Path, suffix: str, folder: str) -> None:
    if folder:  # an unzipped egg on sys.path, its metadata in EGG-INFO
        egg = site / folder
        (egg / "EGG-INFO").mkdir(parents=True)
        (egg / "EGG-INFO" / "PKG-INFO").write_text("Name: houqin-lostfound\nVersion: 1.0\n")
        (egg / "EGG-INFO" / "entry_points.txt").write_text(LOSTFOUND)
        sys.path.insert(0, str(egg))
        try:
            assert quick.may_declare()
            assert "lostfound" in quick.entry_point_names()
            assert "lostfound" in _metadata_names()
        finally:
            sys.path.remove(str(egg))
        return
    _install(site, "houqin_lostfound", LOSTFOUND, suffix)
    assert quick.may_declare()
    assert "lostfound" in quick.entry_point_names()


def test_distributions_without_the_group_need_no_importlib_metadata(site: Path) -> None:
    _install(site, "other", "[console_scripts]\nother = other:main\n")
    _install(site, "bare", None)
    (site / "legacy.egg-info").write_text("Name: legacy\n")  # a distutils file, not a folder
    if quick.may_declare():  # another installed distribution declares the group
        pytest.skip("a plugin is installed in this Python")
    assert quick.entry_point_names() == [] == _metadata_names()


def test_a_zip_on_sys_path_or_a_foreign_finder_takes_the_sure_way(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = site.parent / "plugins.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("houqin_lostfound-1.0.dist-info/METADATA", "Name: houqin-lostfound\n")
        z.writestr("houqin_lostfound-1.0.dist-info/entry_points.txt", LOSTFOUND)
    monkeypatch.syspath_prepend(str(archive))
    assert quick.may_declare()
    assert "lostfound" in quick.entry_point_names()
    monkeypatch.setattr(sys, "path", [p for p in sys.path if p != str(archive)])

    class Finder:
        @staticmethod
        def find_distributions(context: object = None) -> list[object]:
            return []

    monkeypatch.setattr(sys, "meta_path", [Finder, *sys.meta_path])
    assert quick.may_declare()


def _help(
    extra_path: Path, *args: str, lang: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": os.pathsep.join([str(extra_path), str(ROOT)]),
    }
    if lang is not None:
        env["HOUQIN_LANG"] = lang
    probe = (
        "import sys\n"
        "from houqin.cli import main\n"
        "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
        "print('METADATA', 'importlib.metadata' in sys.modules)\n"
    )
    return subprocess.run(
        [sys.executable, "-c", probe, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=True,
    )


def test_help_lists_an_installed_plugins_command_in_the_users_language(tmp_path: Path) -> None:
    _install(tmp_path, "houqin_lostfound", LOSTFOUND)
    chinese = _help(tmp_path, "--help").stdout
    assert "命令:" in chinese and "创建或升级学校数据库" in chinese
    assert "lostfound 模块的命令" in chinese
    english = _help(tmp_path, "--help", lang="en").stdout
    assert "Commands of the lostfound module" in english
    assert "Create or upgrade the school's database" in english
    also_english = _help(tmp_path, "--lang", "en", "--help").stdout
    assert "Commands of the lostfound module" in also_english
    own = _help(tmp_path, "lostfound", "--help", lang="en").stdout
    assert "Lost and found" in own and "items" in own


def test_help_without_plugins_does_not_import_importlib_metadata(tmp_path: Path) -> None:
    _install(tmp_path, "other", "[console_scripts]\nother = other:main\n")
    if quick.may_declare():
        pytest.skip("a plugin is installed in this Python")
    out = _help(tmp_path, "--help").stdout
    assert "lostfound" not in out
    assert "METADATA False" in out
    assert "后勤" in out


def test_the_plugin_host_finds_an_installed_plugin_through_the_quick_look(site: Path) -> None:
    from houqin.core.plugins import PluginHost

    _install(site, "houqin_lostfound", LOSTFOUND)
    host = PluginHost()
    host.discover()
    assert host.installed["lostfound"].origin == "houqin_lostfound 1.0"
