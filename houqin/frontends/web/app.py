"""The application factory: a Flask site over one school's database.

    app = create_app(WebConfig(database_url="postgresql://…", secret_key="…"))

Under gunicorn, ``create_app()`` with no argument reads the same settings
from the environment (``HOUQIN_DATABASE_URL``, ``HOUQIN_SECRET_KEY``…).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
from flask import Flask, g, request, url_for
from flask_wtf.csrf import CSRFProtect
from werkzeug.exceptions import NotFound as HTTPNotFound
from werkzeug.middleware.proxy_fix import ProxyFix

from houqin.core.errors import ConfigurationError
from houqin.core.i18n import N_, _, get_language
from houqin.core.school import School
from houqin.core.settings import get_setting
from houqin.frontends.web import auth, render, security
from houqin.frontends.web.context import current_account, current_school, kept, may
from houqin.frontends.web.menu import menu_for, menu_html
from houqin.frontends.web.plugins import WebPlugins
from houqin.frontends.web.state import KeptData, SchoolHolder
from houqin.frontends.web.views import (
    actions,
    admin,
    counts,
    home,
    labels,
    objects,
    users,
    workbooks,
)

PACKAGE = Path(__file__).resolve().parent
PLUGIN_PREFIX = "/modules"


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


@attrs.frozen
class WebConfig:
    """How the site runs. ``secret_key`` signs the session cookies and must stay secret.

    ``plugins`` and ``web_plugins`` are for tests: the core plugins to load
    instead of the installed ones, and the web parts by plugin name (both
    ``None``: every installed plugin, through the entry points).
    ``language`` fixes the language of visitors before they log in (default:
    the school's ``school.language`` setting); a user's own choice wins once
    logged in. ``secure_cookies`` sends cookies over HTTPS only (set it behind
    a TLS proxy); ``behind_proxy`` trusts one proxy's X-Forwarded-* headers.
    """

    secret_key: str = attrs.field(repr=False)
    database_url: str | None = None
    plugins: Sequence[Any] | None = None
    web_plugins: Mapping[str, Any] | None = None
    language: str | None = None
    secure_cookies: bool = False
    behind_proxy: bool = False
    upload_dir: Path | None = None
    max_upload_mb: int = 20
    login_failure_delay: float = 1.0

    @classmethod
    def from_environment(cls) -> WebConfig:
        """The settings of a deployment: HOUQIN_DATABASE_URL, HOUQIN_SECRET_KEY, HOUQIN_*."""
        secret = os.environ.get("HOUQIN_SECRET_KEY", "")
        upload = os.environ.get("HOUQIN_UPLOAD_DIR")
        return cls(
            secret_key=secret,
            database_url=os.environ.get("HOUQIN_DATABASE_URL") or None,
            language=os.environ.get("HOUQIN_LANG") or None,
            secure_cookies=_flag("HOUQIN_SECURE_COOKIES"),
            behind_proxy=_flag("HOUQIN_BEHIND_PROXY"),
            upload_dir=Path(upload) if upload else None,
        )


def create_app(config: WebConfig | None = None) -> Flask:
    """Build the site for one school: open it, mount the core's and the plugins' pages."""
    config = config if config is not None else WebConfig.from_environment()
    if len(config.secret_key) < 16:
        raise ConfigurationError(
            N_("the web site needs a secret key of at least 16 characters (HOUQIN_SECRET_KEY)")
        )
    app = Flask(
        __name__,
        template_folder=str(PACKAGE / "templates"),
        static_folder=str(PACKAGE / "static"),
    )
    app.config.update(
        SECRET_KEY=config.secret_key,
        SESSION_COOKIE_NAME="houqin_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=config.secure_cookies,
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SECURE=config.secure_cookies,
        MAX_CONTENT_LENGTH=config.max_upload_mb * 1024 * 1024,
        PROPAGATE_EXCEPTIONS=False,
        WTF_CSRF_TIME_LIMIT=None,  # a token lives as long as the session it belongs to
        HOUQIN_LANGUAGE=config.language,
        HOUQIN_LOGIN_FAILURE_DELAY=config.login_failure_delay,
        HOUQIN_UPLOAD_DIR=str(
            config.upload_dir or Path(tempfile.gettempdir()) / f"houqin-uploads-{os.getuid()}"
        ),
    )
    if config.behind_proxy:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]

    def open_school(engine: Any = None) -> School:
        return School.open(config.database_url, plugins=config.plugins, engine=engine)

    holder = SchoolHolder(open_school)
    web = WebPlugins()
    if config.plugins is None and config.web_plugins is None:
        web.discover()
    else:
        web.add_all(config.web_plugins or {})
    web.check_installed(holder.school.host.installed)
    app.extensions["houqin_school"] = holder
    app.extensions["houqin_web_plugins"] = web
    app.extensions["houqin_kept"] = KeptData()

    @app.before_request
    def open_request() -> None:
        g.houqin_school, g.houqin_data_version = holder.current()

    auth.install(app)
    plugin_blueprints = _mount_plugins(app, web)

    @app.before_request
    def hide_disabled_plugins() -> None:
        owner = (request.blueprint or "").split(".")[0]
        if owner in plugin_blueprints and not current_school().host.is_active(owner):
            raise HTTPNotFound()

    CSRFProtect(app)  # after the login check: an anonymous form post is sent to log in
    security.install(app)
    render.install(app)
    core_pages = (home.bp, labels.bp, objects.bp, actions.bp, workbooks.bp, users.bp, admin.bp)
    for blueprint in (*core_pages, counts.bp):
        app.register_blueprint(blueprint)
    _check_menu_links(app, web)
    _template_globals(app)
    return app


def _mount_plugins(app: Flask, web: WebPlugins) -> set[str]:
    names = set()
    for plugin, blueprint in web.blueprints():
        app.register_blueprint(blueprint, url_prefix=f"{PLUGIN_PREFIX}/{plugin}")
        names.add(plugin)
    return names


def _check_menu_links(app: Flask, web: WebPlugins) -> None:
    """A link to a page that does not exist is a plugin's bug: refuse it at start-up."""
    everyone = set(web.names()) | {"core"}
    for link in web.menu_links(everyone):
        if link.endpoint not in app.view_functions:
            raise ConfigurationError(
                N_(
                    "the menu link {name!r} leads to {endpoint!r}, which is no page",
                    name=link.name,
                    endpoint=link.endpoint,
                )
            )


def _school_name() -> str:
    """The school's name, for every page's title and header: kept while nothing changes."""

    def read() -> str:
        with current_school().read(g.houqin_actor) as uow:
            return str(get_setting(uow, "school.name"))

    return kept("school.name", read)


def _template_globals(app: Flask) -> None:
    app.jinja_env.globals.update(_=_, may=may)

    @app.context_processor
    def page_context() -> dict[str, Any]:
        actor = g.get("houqin_actor")
        school = g.get("houqin_school")
        if actor is None or school is None:
            return {
                "menu": [],
                "menu_html": "",
                "account": None,
                "school_name": "",
                "language": get_language(),
                "kind_url": _kind_url,
            }
        return {
            "menu": menu_for(school, actor),
            "menu_html": menu_html(school, actor, request.path),
            "account": current_account(),
            "school_name": _school_name(),
            "language": get_language(),
            "kind_url": _kind_url,
        }


def _kind_url(name: str | None) -> str | None:
    kind = current_school().kinds.get(name or "")
    if kind is None or not may(kind.view_permission):
        return None
    return url_for("objects.list_objects", area_name=kind.area, kind_name=kind.name)
