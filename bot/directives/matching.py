"""Reading a document's "Nơi nhận" against the tree of units: whom does it name?

Entries are written many ways: a list of names ("Hội Trường Sơn thành phố: Hà Nội, Hải
Phòng"), a kind of unit ("63 tỉnh, thành"), or a pointer to a list in the body ("Các Hội,
BLL có tên trên"). Each name is compared with the units' names folded (no diacritics,
abbreviations such as TP, TW, BLL and a glued "VN" spelled out); a name that matches no
unit, or several, is reported as not found rather than guessed. The admin sees both
and corrects them before anything is sent.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.directives.text import Recipient, RecipientPurpose
from bot.text.folding import fold
from storage.models import Purpose, RecipientScope, UnitKind

_ABBREVIATIONS = {
    "tp": "thanh pho",
    "tw": "trung uong",
    "bll": "ban lien lac",
    "vn": "viet nam",
    "tx": "thi xa",
}
# "CSTSVN", "CCBVN": an abbreviation with "VN" glued on (no vowel anywhere).
_GLUED_VN = re.compile(r"\b([b-df-hj-np-tv-xz]{2,})vn\b")
_PLACE = re.compile(r"\b(?:thanh pho|tinh|huyen|quan|thi xa|thi tran|xa|phuong) (?P<core>.+)$")
_BULLET = re.compile(r"^\s*[-–—+•*·●▪]\s*")
_NAMED_ABOVE = re.compile(r"\b(?:co ten (?:o )?tren|neu tren|nhu tren|noi tren|ke tren)\b")
_FULL_NAME = re.compile(r"^(?:hoi|ban|chi hoi|doan)\b")
_KINDS = (
    (UnitKind.PROVINCE, r"(?:\d+ )?(?:cac )?(?:tinh|thanh pho|thanh)(?: (?:thanh pho|thanh|hoi))*"),
    (UnitKind.DISTRICT, r"(?:cac )?(?:huyen|quan)(?: (?:quan|thi xa|thanh pho|hoi))*"),
    (UnitKind.COMMUNE, r"(?:cac )?(?:xa|phuong|thi tran)(?: (?:phuong|thi tran|hoi))*"),
    (UnitKind.BRANCH, r"(?:cac )?chi hoi"),
    (UnitKind.TRADITIONAL_UNIT, r"(?:cac )?(?:don vi truyen thong|su doan)"),
    (UnitKind.LIAISON_BOARD, r"(?:cac )?ban lien lac"),
    (UnitKind.WOMEN_ASSOCIATION, r"(?:cac )?hoi nu"),
)
_KIND_PATTERNS = [(kind, re.compile(rf"^(?:hoi )?{pattern}$")) for kind, pattern in _KINDS]


@dataclass(frozen=True)
class UnitName:
    id: int
    name: str
    kind: UnitKind


@dataclass(frozen=True)
class ProposedRule:
    scope: RecipientScope
    unit_id: int | None
    unit_kind: UnitKind | None
    purpose: Purpose
    label: str


@dataclass(frozen=True)
class Matching:
    rules: tuple[ProposedRule, ...]
    unmatched: tuple[str, ...]


def normalise(text: str) -> str:
    """Folded words: "Hội Nữ CSTSVN" → "hoi nu csts viet nam", "TP Hà Nội" → "thanh pho ha noi"."""
    folded = _GLUED_VN.sub(r"\1 vn", fold(text))
    words: list[str] = []
    for word in re.findall(r"[a-z0-9]+", folded):
        words.extend(_ABBREVIATIONS.get(word, word).split())
    return " ".join(words)


def _family(text: str) -> str:
    """Which branch of the tree a name belongs to: women, former units, liaison, territory."""
    words = f" {text} "
    if " nu " in words:
        return "women"
    if re.search(r" (?:su|trung|lu|binh) doan ", words):
        return "traditional"
    if " ban lien lac " in words:
        return "liaison"
    return "territory"


_FAMILY = {
    UnitKind.WOMEN_ASSOCIATION: "women",
    UnitKind.TRADITIONAL_UNIT: "traditional",
    UnitKind.LIAISON_BOARD: "liaison",
}


def _core(text: str) -> str | None:
    match = _PLACE.search(text)
    return match["core"] if match else None


class _Tree:
    def __init__(self, units: Sequence[UnitName]) -> None:
        self.by_name: dict[str, list[UnitName]] = {}
        self.by_core: dict[tuple[str, str], list[UnitName]] = {}
        for unit in units:
            name = normalise(unit.name)
            self.by_name.setdefault(name, []).append(unit)
            core = _core(name)
            if core:
                family = _FAMILY.get(unit.kind, "territory")
                self.by_core.setdefault((family, core), []).append(unit)

    def find(self, item: str) -> UnitName | None:
        name = normalise(item)
        exact = self.by_name.get(name, [])
        if len(exact) == 1:
            return exact[0]
        core = _core(name)
        found = self.by_core.get((_family(name), core), []) if core else []
        return found[0] if len(found) == 1 else None


def _kind_of(item: str) -> UnitKind | None:
    name = normalise(item)
    return next((kind for kind, pattern in _KIND_PATTERNS if pattern.match(name)), None)


def split_names(text: str) -> list[str]:
    """Names one by one, a shared prefix spelled out.

    "Hội TS thành phố: Hà Nội, Hải Phòng" → "Hội TS thành phố Hà Nội", "Hội TS thành phố Hải Phòng".
    """
    names: list[str] = []
    for line in re.split(r"[;\n]", text):
        prefix = ""
        for token in re.split(r",|\s+và\s+", _BULLET.sub("", line)):
            token = token.strip(" .:")
            head, colon, tail = token.partition(":")
            if colon:
                prefix = re.sub(r"\bcác\s+", "", head.strip(), flags=re.IGNORECASE)
                token = tail.strip(" .")
            elif _FULL_NAME.match(normalise(token)):
                prefix = ""
            if token:
                names.append(f"{prefix} {token}".strip() if prefix else token)
    return names


def last_list(body: str) -> str:
    """The last run of bulleted paragraphs of the body: where "có tên trên" points."""
    runs: list[list[str]] = []
    in_run = False
    for paragraph in body.split("\n"):
        if _BULLET.match(paragraph):
            if not in_run:
                runs.append([])
            runs[-1].append(paragraph)
            in_run = True
        else:
            in_run = False
    return "\n".join(runs[-1]) if runs else ""


def _purpose(written: RecipientPurpose | None) -> Purpose:
    # A document that names a unit without saying why expects it to act (a plan, a guidance).
    return Purpose.INFORM if written is RecipientPurpose.INFORM else Purpose.ACT


def match_recipients(
    recipients: Iterable[Recipient], body: str, units: Sequence[UnitName]
) -> Matching:
    """Propose recipient rules for the units a "Nơi nhận" block names."""
    tree = _Tree(units)
    rules: dict[tuple[object, ...], ProposedRule] = {}
    unmatched: list[str] = []
    for entry in recipients:
        if entry.purpose is RecipientPurpose.ARCHIVE:
            continue
        purpose = _purpose(entry.purpose)
        text = last_list(body) if _NAMED_ABOVE.search(normalise(entry.name)) else entry.name
        for item in split_names(text):
            unit = tree.find(item)
            kind = None if unit else _kind_of(item)
            if unit is not None:
                key: tuple[object, ...] = (RecipientScope.UNIT, unit.id)
                rule = ProposedRule(RecipientScope.UNIT, unit.id, None, purpose, entry.name)
            elif kind is not None:
                key = (RecipientScope.KIND, kind)
                rule = ProposedRule(RecipientScope.KIND, None, kind, purpose, entry.name)
            else:
                unmatched.append(item)
                continue
            known = rules.get(key)
            if known is None or (known.purpose is Purpose.INFORM and purpose is Purpose.ACT):
                rules[key] = rule
    return Matching(tuple(rules.values()), tuple(dict.fromkeys(unmatched)))
