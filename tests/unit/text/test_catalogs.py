"""Every message has a Vietnamese and an English translation, with the same placeholders."""

from __future__ import annotations

import re

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from tests.fakes.paths import ROOT

PLACEHOLDER = re.compile(r"\{[a-z_]+(?:![rs])?\}")


def source_messages() -> set[str]:
    found: set[str] = set()
    method_map = [(f"{folder}/**.py", "python") for folder in ("bot", "handlers", "storage")]
    method_map.append(("bot/web/templates/**.html", "jinja2"))
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map=method_map, keywords=keywords
    ):
        found.update([message] if isinstance(message, str) else message[:1])
    return found


def catalog(locale: str):  # type: ignore[no-untyped-def]
    with (ROOT / "locales" / locale / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=locale)


def test_template_is_up_to_date_with_the_code() -> None:
    with (ROOT / "locales" / "messages.pot").open("rb") as handle:
        template = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    assert source_messages() == template, "run the pybabel extract/update steps in the README"


@pytest.mark.parametrize("locale", ["vi", "en"])
def test_every_message_is_translated(locale: str) -> None:
    translations = catalog(locale)
    missing = []
    for message in source_messages():
        entry = translations.get(message)
        strings = [] if entry is None else entry.string
        strings = [strings] if isinstance(strings, str) else list(strings)
        if entry is None or entry.fuzzy or not all(strings):
            missing.append(message)
    assert not missing, f"{locale}: {len(missing)} untranslated, e.g. {missing[:3]}"


@pytest.mark.parametrize("locale", ["vi", "en"])
def test_translations_keep_the_placeholders(locale: str) -> None:
    for entry in catalog(locale):
        if not entry.id or not entry.string:
            continue
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        wanted = set(PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            assert set(PLACEHOLDER.findall(string)) == wanted, (locale, entry.id)
