"""The indicators units report, as a file an admin edits and `hoibot indicators load` reads.

TOML (or the same structure in JSON): one `[[indicator]]` table each, in the order the
bot asks for them. An indicator missing from the file is kept but no longer asked for, so
the figures already reported stay readable. See README, "Charity figures".
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.app.errors import UserError
from bot.figures.sentences import Kind, Vocabulary
from bot.text.i18n import N_, current_locale, gettext
from storage.models import Indicator, IndicatorKind

DEFAULT_FILE = Path(__file__).with_name("indicators.toml")

_FIELDS = {
    "code",
    "kind",
    "name_vi",
    "name_en",
    "unit_vi",
    "unit_en",
    "words",
    "min",
    "max",
    "per",
    "history_factor",
}


@dataclass(frozen=True)
class IndicatorSpec:
    """One indicator as read from the file, checked, not yet stored."""

    code: str
    kind: IndicatorKind
    name_vi: str
    name_en: str
    unit_vi: str = ""
    unit_en: str = ""
    words: tuple[str, ...] = ()
    min_value: int | None = 0
    max_value: int | None = None
    per: tuple[str, int | None, int | None] | None = None  # (other code, min, max)
    history_factor: int | None = None


def _problem(number: int, message: str, **params: Any) -> UserError:
    problem = gettext(message).format(**params)
    return UserError(N_("Indicator {number}: {problem}"), number=number, problem=problem)


def _int_or_none(value: object, number: int, name: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise _problem(number, N_("{name} must be a whole number"), name=name)
    return value


def parse_indicator_file(path: Path) -> list[IndicatorSpec]:
    """Read and check the file; any problem raises a UserError naming the indicator."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UserError(N_("Cannot read {file}: {error}"), file=path, error=exc.strerror) from exc
    try:
        if path.suffix.lower() == ".json":
            document = json.loads(raw)
        else:
            document = tomllib.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise UserError(N_("{file} is not valid: {error}"), file=path, error=exc) from exc
    items = document.get("indicator") if isinstance(document, dict) else None
    if not isinstance(items, list) or not items:
        raise UserError(N_("{file} lists no [[indicator]]."), file=path)
    specs = [_spec(item, number) for number, item in enumerate(items, start=1)]
    codes = [s.code for s in specs]
    for number, spec in enumerate(specs, start=1):
        if codes.index(spec.code) != number - 1:
            raise _problem(number, N_("code {code} appears twice"), code=spec.code)
        if spec.per is not None and spec.per[0] not in codes:
            raise _problem(number, N_("per names an unknown indicator {code}"), code=spec.per[0])
    return specs


def _spec(item: object, number: int) -> IndicatorSpec:
    if not isinstance(item, dict):
        raise _problem(number, N_("expected a table of fields"))
    unknown = set(item) - _FIELDS
    if unknown:
        raise _problem(number, N_("unknown field(s) {fields}"), fields=", ".join(sorted(unknown)))
    code = item.get("code")
    if not isinstance(code, str) or not code.isidentifier() or len(code) > 32:
        raise _problem(number, N_("code must be a short name in letters, digits and _"))
    kind = item.get("kind", "count")
    if kind not in ("count", "money"):
        raise _problem(number, N_("kind must be count or money"))
    names = [item.get(k, "") for k in ("name_vi", "name_en", "unit_vi", "unit_en")]
    if not all(isinstance(n, str) for n in names) or not names[0]:
        raise _problem(number, N_("name_vi is required; names and units are text"))
    words = item.get("words", [])
    if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
        raise _problem(number, N_("words must be a list of phrases"))
    per = item.get("per")
    per_rule = None
    if per is not None:
        if not isinstance(per, dict) or not isinstance(per.get("indicator"), str):
            raise _problem(number, N_("per must name an indicator, with min and/or max"))
        per_rule = (
            per["indicator"],
            _int_or_none(per.get("min"), number, "per.min"),
            _int_or_none(per.get("max"), number, "per.max"),
        )
    low = _int_or_none(item.get("min", 0), number, "min")
    high = _int_or_none(item.get("max"), number, "max")
    if low is not None and high is not None and low > high:
        raise _problem(number, N_("min is above max"))
    factor = _int_or_none(item.get("history_factor"), number, "history_factor")
    if factor is not None and factor < 2:
        raise _problem(number, N_("history_factor must be 2 or more"))
    return IndicatorSpec(
        code=code,
        kind=IndicatorKind(kind),
        name_vi=names[0],
        name_en=names[1] or names[0],
        unit_vi=names[2],
        unit_en=names[3] or names[2],
        words=tuple(words),
        min_value=low,
        max_value=high,
        per=per_rule,
        history_factor=factor,
    )


def vocabulary(indicators: Sequence[Indicator]) -> Vocabulary:
    """The phrases of each indicator, in the shape `extract_figures` reads."""
    kinds: dict[IndicatorKind, Kind] = {IndicatorKind.COUNT: "count", IndicatorKind.MONEY: "money"}
    return {i.code: (kinds[i.kind], tuple(json.loads(i.words))) for i in indicators}


def indicator_name(indicator: Indicator, locale: str | None = None) -> str:
    return indicator.name_en if (locale or current_locale()) == "en" else indicator.name_vi


def indicator_unit(indicator: Indicator, locale: str | None = None) -> str:
    return indicator.unit_en if (locale or current_locale()) == "en" else indicator.unit_vi
