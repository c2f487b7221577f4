"""The web site: a Flask application over the core, for the staff of one school.

``create_app(WebConfig(...))`` builds it; ``houqin web`` serves it with
waitress. Plugins add pages through :mod:`houqin.frontends.web.hookspecs`.
"""

from houqin.frontends.web.app import WebConfig, create_app

__all__ = ["WebConfig", "create_app"]
