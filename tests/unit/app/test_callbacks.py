"""Typed callback data: every kind of button packs within Telegram's 64 bytes, and data
that does not fit its kind is refused before any handler runs."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.app import callbacks
from bot.app.callbacks import KINDS, Code, Field, Int, OneOf
from tests.fakes.paths import ROOT


def values(field: Field) -> st.SearchStrategy[str]:
    if isinstance(field, Int):
        return st.integers(field.low, field.high).map(str)
    if isinstance(field, OneOf):
        return st.sampled_from(sorted(field.values))
    if isinstance(field, Code):
        return st.from_regex(field.pattern, fullmatch=True)
    return st.one_of(values(field.first), values(field.second))


@st.composite
def buttons(draw: st.DrawFn) -> tuple[str, list[str]]:
    action = draw(st.sampled_from(sorted(KINDS)))
    kind = KINDS[action]
    count = draw(st.integers(len(kind.fields) - kind.optional, len(kind.fields)))
    return action, [draw(values(field)) for field in kind.fields[:count]]


@given(buttons())
def test_every_kind_packs_within_64_bytes_and_reads_back(button: tuple[str, list[str]]) -> None:
    action, args = button
    data = callbacks.pack(action, *args)
    assert len(data.encode()) <= 64
    assert callbacks.check(data) == (action, args)


@given(buttons(), st.integers(0, 4), st.text(max_size=30))
def test_a_changed_field_that_no_longer_fits_is_refused(
    button: tuple[str, list[str]], position: int, junk: str
) -> None:
    action, args = button
    if not args:
        return
    index = position % len(args)
    field = KINDS[action].fields[index]
    forged = [*args]
    forged[index] = junk
    data = "|".join(["1", action, *forged])
    if field.accepts(junk) and "|" not in junk and len(data.encode()) <= 64:
        assert callbacks.check(data) == (action, forged)
    else:
        with pytest.raises(callbacks.StaleButton):
            callbacks.check(data)


@pytest.mark.parametrize(
    "forged",
    [
        "1|rr|x|2",
        "1|fh|" + "9" * 30,
        "1|pc|x",
        "1|fa|1|x",
        "1|fn|x",
        "1|lv|m|" + "9" * 20 + "|0|0",
        "1|li|" + "9" * 20,
        "1|dg|" + "9" * 20 + "|0|0",
        "1|dl|" + "9" * 20,
        "1|li|2147483648",
        "1|li|1|2",
        "1|li",
        "1|li|²",
        "1|lang|fr",
        "0|lang|vi",
        "1|nothing|1",
        "1|le|1|z",
        "",
        None,
        "1|ld|" + "a" * 80,
    ],
)
def test_forged_data_is_refused(forged: str | None) -> None:
    with pytest.raises(callbacks.StaleButton):
        callbacks.check(forged)


def test_pack_refuses_a_button_that_does_not_fit_its_kind() -> None:
    refused: list[tuple[str, list[object]]] = [
        ("li", ["x"]),
        ("li", [-1]),
        ("unknown", []),
        ("lang", ["fr"]),
    ]
    for action, args in refused:
        with pytest.raises(ValueError):
            callbacks.pack(action, *args)


def test_every_routed_action_has_a_kind() -> None:
    """A handler routes only buttons whose fields are declared (and each kind is routed)."""
    routed = set()
    for path in (ROOT / "handlers").rglob("*.py"):
        routed |= set(re.findall(r'pattern\("([a-z]+)"\)', path.read_text(encoding="utf-8")))
    assert routed == set(KINDS), (routed - set(KINDS), set(KINDS) - routed)
