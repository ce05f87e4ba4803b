"""HTML from Jinja2 templates, with every visible string through the project's gettext.

Templates live in bot/web/templates/; `_()` in a template is the same gettext as in Python
(in the language of the request, set by the server), and fields are filled with
`.format(...)`, so one catalog and one placeholder style serve the chat and the pages.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from bot.text.folding import fold
from bot.text.formatting import format_day, format_money, format_number
from bot.text.i18n import gettext, ngettext


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("bot.web", "templates"),
        autoescape=select_autoescape(default=True),
        extensions=["jinja2.ext.i18n"],
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(gettext, ngettext, newstyle=False)  # type: ignore[attr-defined]
    env.filters["number"] = format_number
    env.filters["money"] = format_money
    env.filters["day"] = format_day
    env.filters["fold"] = fold
    return env


def render(template: str, fields: Mapping[str, Any]) -> str:
    return environment().get_template(template).render(**fields)
