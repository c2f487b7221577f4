"""The web hooks: a plugin's blueprint, menu links and dashboard panels, and their switch."""

from __future__ import annotations

import types
from collections.abc import Iterable
from typing import Any

import pytest
from flask import Blueprint

from houqin.core import N_
from houqin.core.errors import ConfigurationError, PluginError
from houqin.frontends.web import WebConfig, create_app
from houqin.frontends.web.hookspecs import DashboardPanel, MenuLink, hookimpl
from tests.plugins import lostfound
from tests.plugins.lostfound import web as lostfound_web
from tests.web.conftest import SECRET, Site, csrf_token, text


def _switch(site: Site, enabled: bool) -> None:
    client = site.client_for("admin")
    response = client.post(
        "/admin/modules/lostfound",
        data={"enabled": "true" if enabled else "false", "csrf_token": csrf_token(client)},
    )
    assert response.status_code == 302


def _part(**hooks: Any) -> types.SimpleNamespace:
    return types.SimpleNamespace(**{name: hookimpl(fn) for name, fn in hooks.items()})


def _app(site: Site, part: Any) -> Any:
    return create_app(
        WebConfig(
            secret_key=SECRET,
            database_url=site.school.engine.url.render_as_string(hide_password=False),
            plugins=[lostfound],
            web_plugins={"lostfound": part},
        )
    )


def test_hook_houqin_web_blueprints_mounts_the_plugins_pages_under_its_name(site: Site) -> None:
    rules = {r.endpoint: r.rule for r in site.app.url_map.iter_rules()}
    assert rules["lostfound.report"] == "/modules/lostfound/report"
    page = text(site.client_for("teacher").get("/modules/lostfound/report"))
    assert 'id="lostfound-report"' in page and 'class="topbar"' in page  # it extends base.html


def test_hook_houqin_web_blueprints_must_be_named_after_the_plugin(site: Site) -> None:
    stray = Blueprint("somebody_else", __name__)
    part = _part(houqin_web_blueprints=lambda: [stray])
    with pytest.raises(PluginError, match="must be named 'lostfound'"):
        _app(site, part)


def test_hook_houqin_web_blueprints_keep_templates_in_their_own_folder(
    site: Site, tmp_path: Any
) -> None:
    (tmp_path / "templates" / "base.html").parent.mkdir()
    (tmp_path / "templates" / "base.html").write_text("hijacked")
    greedy = Blueprint("lostfound", __name__, root_path=str(tmp_path), template_folder="templates")
    part = _part(houqin_web_blueprints=lambda: [greedy])
    with pytest.raises(PluginError, match=r"outside templates/lostfound/: base\.html"):
        _app(site, part)


def test_hook_houqin_web_menu_links_appear_for_those_with_the_permission(site: Site) -> None:
    teacher = text(site.client_for("teacher").get("/"))
    assert 'href="/modules/lostfound/report" data-menu="lostfound.report"' in teacher
    assert "Found items report" in teacher
    assert "lostfound.report" not in text(site.client_for("head").get("/"))


def test_hook_houqin_web_menu_links_stay_inside_the_plugins_blueprint(site: Site) -> None:
    def links() -> Iterable[MenuLink]:
        return [MenuLink("lostfound.users", N_("Users"), "users.list_users", "lostfound.view")]

    with pytest.raises(PluginError, match="outside its own blueprint"):
        _app(site, _part(houqin_web_menu_links=links))


def test_hook_houqin_web_menu_links_must_lead_to_a_page(site: Site) -> None:
    def links() -> Iterable[MenuLink]:
        return [MenuLink("lostfound.gone", N_("Gone"), "lostfound.gone", "lostfound.view")]

    with pytest.raises(ConfigurationError, match="which is no page"):
        _app(site, _part(houqin_web_menu_links=links))


def test_hook_houqin_web_dashboard_panels_are_drawn_for_those_with_the_permission(
    site: Site,
) -> None:
    with site.school.write(site.operator) as uow:
        lostfound.record_found_item(
            uow, lostfound.FoundItem(lostfound.TagNumber("LF-0001"), "伞", lostfound.date.today())
        )
    teacher = text(site.client_for("teacher").get("/"))
    assert "1 items are waiting for their owners." in teacher
    assert "<h2>Lost and found</h2>" in teacher
    assert "items are waiting" not in text(site.client_for("head").get("/"))


def test_hook_houqin_web_dashboard_panels_use_the_plugins_templates_only(site: Site) -> None:
    def panels(uow: Any) -> Iterable[DashboardPanel]:
        return [DashboardPanel("lostfound.x", N_("X"), "home.html", "lostfound.view")]

    app = _app(site, _part(houqin_web_dashboard_panels=panels))
    client = site.log_in(app.test_client(), "teacher")
    response = client.get("/")
    assert response.status_code == 500  # the plugin's bug, reported in the server's log


def test_disabling_a_plugin_removes_its_pages_and_menu_at_once(site: Site) -> None:
    teacher = site.client_for("teacher")
    assert teacher.get("/lostfound/lostfound_items/").status_code == 200
    _switch(site, False)
    page = text(teacher.get("/"))
    assert "lostfound" not in page
    assert teacher.get("/lostfound/lostfound_items/").status_code == 404
    assert teacher.get("/modules/lostfound/report").status_code == 404
    assert 'data-module="lostfound"' in text(site.client_for("admin").get("/admin/modules"))
    _switch(site, True)
    assert teacher.get("/modules/lostfound/report").status_code == 200


def test_every_worker_notices_a_plugin_switched_elsewhere(site: Site) -> None:
    other_worker = _app(site, lostfound_web)
    teacher = site.log_in(other_worker.test_client(), "teacher")
    assert teacher.get("/modules/lostfound/report").status_code == 200
    _switch(site, False)  # in the first worker
    assert teacher.get("/modules/lostfound/report").status_code == 404
    assert "lostfound" not in text(teacher.get("/"))
    other_worker.extensions["houqin_school"].close()


def test_a_web_part_without_its_plugin_is_refused(site: Site) -> None:
    with pytest.raises(PluginError, match="no such plugin is installed"):
        create_app(
            WebConfig(
                secret_key=SECRET,
                database_url=site.school.engine.url.render_as_string(hide_password=False),
                plugins=[],
                web_plugins={"lostfound": lostfound_web},
            )
        )


def test_a_short_secret_key_is_refused(site: Site) -> None:
    with pytest.raises(ConfigurationError, match="secret key"):
        create_app(WebConfig(secret_key="short", database_url="sqlite://"))
