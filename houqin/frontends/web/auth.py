"""Who is asking: log in and out, sessions that end, passwords and the language.

A session cookie (signed, HttpOnly, SameSite=Lax) carries the user's id and
session number. Each request checks it against the database with the core's
:func:`current_actor`, so switching an account off, changing its password or
logging out anywhere ends every other session at once; a session idle for
longer than ``auth.session_idle_minutes`` ends too. The login form goes
through the core's :func:`log_in`, which counts wrong passwords, pauses the
account and writes every attempt to the audit log.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import ExitStack
from typing import Any
from urllib.parse import urlsplit

import attrs
from flask import (
    Blueprint,
    Flask,
    current_app,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from werkzeug.wrappers import Response

from houqin.core.access import Actor, visitor
from houqin.core.commands import field, not_blank
from houqin.core.errors import InvalidInput
from houqin.core.i18n import LANGUAGES, N_, normalize_language, use_language
from houqin.core.org.model import PasswordChange, User
from houqin.core.org.users import (
    change_own_password,
    current_actor,
    end_sessions,
    get_user,
    log_in,
    set_language,
)
from houqin.core.settings import get_setting
from houqin.frontends.web.context import current_actor as request_actor
from houqin.frontends.web.context import current_school, kept, notify
from houqin.frontends.web.forms import build_form, field_error, read_command
from houqin.frontends.web.security import log_refusal

bp = Blueprint("auth", __name__)

PUBLIC_ENDPOINTS = frozenset({"auth.login", "static"})
LANGUAGE_NAMES = {"zh_CN": "中文", "en": "English"}


@attrs.frozen
class Credentials:
    """What the login form asks for."""

    username: str = field(label=N_("User name"), checks=(not_blank,))
    password: str = field(label=N_("Password"), widget="password")


class WebUser(UserMixin):  # type: ignore[misc]
    """A logged-in user as Flask-Login holds it: the actor, the session number, the account."""

    def __init__(self, actor: Actor, session_version: int, account: User) -> None:
        self.actor = actor
        self.session_version = session_version
        self.account = account

    def get_id(self) -> str:
        return f"{self.actor.user_id}:{self.session_version}"


def _load_user(user_id: str) -> WebUser | None:
    try:
        number, version = (int(part) for part in user_id.split(":"))
    except ValueError:
        return None
    school = current_school()
    with school.read(visitor(request.remote_addr or "?")) as uow:
        # Who may do what is checked against the database on every request.
        actor = current_actor(uow, number, version)
    if actor is None:
        return None

    def read_account() -> User:
        with school.read(actor) as uow:
            return get_user(uow, actor.name)

    def read_idle_minutes() -> int:
        with school.read(actor) as uow:
            return int(get_setting(uow, "auth.session_idle_minutes"))

    # The account as shown (name, language) and the idle limit: kept while the
    # school's data is unchanged (see context.kept), so most requests read neither.
    account = kept(("account", number), read_account)
    g.houqin_idle_minutes = kept("auth.session_idle_minutes", read_idle_minutes)
    return WebUser(actor, version, account)


def install(app: Flask) -> LoginManager:
    """Set up sessions on ``app``; runs before every view, ahead of the CSRF check."""
    manager = LoginManager(app)
    manager.login_view = "auth.login"
    manager.login_message = None
    manager.user_loader(_load_user)

    app.before_request(_check_session)
    app.teardown_request(_close_request)
    app.register_blueprint(bp)
    return manager


def _close_request(_exc: BaseException | None) -> None:
    stack: ExitStack | None = g.pop("houqin_stack", None)
    if stack is not None:
        stack.close()


def _end(message: Any) -> Response:
    logout_user()
    session.clear()
    notify(message, "info")
    return redirect(url_for("auth.login", next=_here()))


def _here() -> str | None:
    return request.full_path.rstrip("?") if request.method == "GET" else None


def _check_session() -> Response | None:
    """Find the user, end stale sessions, set the language, refuse anonymous visitors."""
    if request.endpoint == "static" or (request.endpoint or "").endswith(".static"):
        return None  # stylesheets and pictures: public, and no query for them
    stack = ExitStack()
    g.houqin_stack = stack
    had_session = "_user_id" in session
    user = current_user._get_current_object()
    if had_session and not user.is_authenticated:
        stack.enter_context(use_language(_language(None)))
        return _end(N_("Your session has ended. Please log in again."))
    if user.is_authenticated:
        now = int(time.time())
        seen = session.get("seen")
        idle = g.get("houqin_idle_minutes", 30)
        if isinstance(seen, int) and now - seen > idle * 60:
            stack.enter_context(use_language(_language(user.account)))
            return _end(
                N_(
                    "You were away for more than {minutes} minutes. Please log in again.",
                    minutes=idle,
                )
            )
        session["seen"] = now
        g.houqin_actor = user.actor
        g.houqin_account = user.account
    stack.enter_context(use_language(_language(g.get("houqin_account"))))
    if request.endpoint is None or request.endpoint in PUBLIC_ENDPOINTS:
        return None  # the login page; or no such page, which the 404 page says to anyone
    if not user.is_authenticated:
        response: Response = current_app.login_manager.unauthorized()  # type: ignore[attr-defined]
        return response
    return None


def _language(account: User | None) -> str:
    """The account's language, else the visitor's choice, else the site's, else the school's."""
    if account is not None and account.language:
        return normalize_language(account.language)
    chosen = session.get("lang")
    if isinstance(chosen, str) and chosen in LANGUAGES:
        return chosen
    configured = current_app.config.get("HOUQIN_LANGUAGE")
    if configured:
        return normalize_language(str(configured))
    school = current_school()
    with school.read(visitor(request.remote_addr or "?")) as uow:
        return normalize_language(str(get_setting(uow, "school.language")))


def _safe_next(target: str | None) -> str:
    """Where to go after logging in: only a path on this site."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and "\\" not in target:
            return target
    return url_for("home.dashboard")


def _language_links() -> Iterator[tuple[str, str]]:
    for code in LANGUAGES:
        yield code, LANGUAGE_NAMES[code]


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    """The login form; ``?lang=en`` chooses the language before logging in."""
    if current_user.is_authenticated:
        return redirect(_safe_next(request.args.get("next")))
    chosen = request.args.get("lang")
    if chosen in LANGUAGES:
        session["lang"] = chosen
        return redirect(url_for("auth.login", next=request.args.get("next")))
    if request.method != "POST":
        return _login_page(build_form(Credentials))
    school = current_school()
    try:
        credentials = read_command(school, Credentials, request.form)
    except InvalidInput as exc:
        return _login_page(build_form(Credentials, request.form, exc), 400)
    with school.write(visitor(request.remote_addr or "?")) as uow:
        result = log_in(uow, credentials.username, credentials.password)
    if result.actor is None:
        log_refusal("login", credentials.username)
        time.sleep(float(current_app.config.get("HOUQIN_LOGIN_FAILURE_DELAY", 0)))
        refusal = field_error("password", result.refusal or N_("wrong user name or password"))
        return _login_page(
            build_form(Credentials, {"username": credentials.username}, refusal), 401
        )
    with school.read(result.actor) as uow:
        account = get_user(uow, result.actor.name)
    target = _safe_next(request.args.get("next"))
    lang = session.get("lang")
    session.clear()  # a fresh session: nothing carried over from before the login
    if lang:
        session["lang"] = lang
    login_user(WebUser(result.actor, result.session_version, account))
    session["seen"] = int(time.time())
    return redirect(target)


def _login_page(form: Any, status: int = 200) -> tuple[str, int]:
    return render_template("login.html", form=form, languages=list(_language_links())), status


@bp.post("/logout")
def logout() -> Response:
    """Log out here and everywhere else this user is logged in."""
    actor = request_actor()
    with current_school().write(actor) as uow:
        end_sessions(uow, actor.name)
    logout_user()
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    notify(N_("You are logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.get("/account")
def account() -> str:
    """The user's own account: roles, language, password."""
    return render_template("account.html", languages=list(_language_links()))


@bp.post("/account/language")
def language() -> Response:
    """Switch the language of the whole site for this user (kept on the account)."""
    actor = request_actor()
    with current_school().write(actor) as uow:
        set_language(uow, actor.name, request.form.get("language", ""))
    return redirect(_safe_next(request.form.get("next")))


@bp.route("/account/password", methods=["GET", "POST"])
def password() -> Any:
    """Change one's own password; every other session of the user ends."""
    if request.method != "POST":
        return render_template("password.html", form=build_form(PasswordChange))
    school = current_school()
    actor = request_actor()
    try:
        cmd = read_command(school, PasswordChange, request.form)
        with school.write(actor) as uow:
            result = change_own_password(uow, cmd)
    except InvalidInput as exc:
        return render_template("password.html", form=build_form(PasswordChange, None, exc)), 400
    if result.actor is None:
        log_refusal("password-change", actor.name)
        refusal = field_error("current", result.refusal or N_("wrong password"))
        return render_template("password.html", form=build_form(PasswordChange, None, refusal)), 400
    user: WebUser = current_user._get_current_object()
    login_user(WebUser(result.actor, result.session_version, user.account))
    notify(N_("Your password was changed; your other sessions were ended."), "success")
    return redirect(url_for("auth.account"))
