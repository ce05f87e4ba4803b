"""Hypothesis drives the real bot through the fake Bot API with random steps of random
people: commands with odd arguments, free text (accents or none, emoji, right-to-left and
zero-width characters, HTML-like text, very long text), contacts, documents, and buttons
(pressed, replayed by someone else, mutated, random). After every step: no error reached
the error handler, every private message and every press got an answer, Telegram would
have taken every send, and nobody saw a unit outside their part of the tree.

HOIBOT_FUZZ_EXAMPLES sets how many sequences run (default 40); each has up to 12 steps. With
CI=true the examples are the same on every run (derandomized), so CI is repeatable.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.fakeapi.users import SimUser
from tests.fakes.rig import Rig, refusals

pytestmark = pytest.mark.slow

EXAMPLES = int(os.environ.get("HOIBOT_FUZZ_EXAMPLES", "40"))
# In CI the same examples every run: a run that passed once passes again on the same code.
REPEATABLE = os.environ.get("CI") == "true"

# Who acts, and the unit names each of them must never see (outside their part of the tree).
PEOPLE = {
    "stranger": 1999,
    "member_hn": 1003,
    "lead_hn": 1002,
    "member_tb": 1006,
    "lead_tb": 1005,
    "admin": 1001,
}
NEVER_SEEN = {
    1003: ("tỉnh Thái Bình", "Sư đoàn 470", "Hội Nữ CSTS"),
    1002: ("tỉnh Thái Bình", "Sư đoàn 470", "Hội Nữ CSTS"),
    1006: ("TP Hà Nội", "Sư đoàn 470"),
    1005: ("TP Hà Nội", "Sư đoàn 470"),
    # The stranger may join Hà Nội by sharing the number it registered (0912000099).
    1999: ("tỉnh Thái Bình", "Sư đoàn 470", "Hội Nữ CSTS"),
}
COMMANDS = [
    "/start",
    "/help",
    "/toi",
    "/ngonngu",
    "/lich",
    "/lichmoi",
    "/lichsua",
    "/lichhuy",
    "/lichxong",
    "/nhaplich",
    "/nop",
    "/baocao",
    "/duyet",
    "/kybaocao",
    "/chidao",
    "/vanban",
    "/thongbao",
]
ODD = [
    "",
    "1",
    "²",
    "#12",
    "9" * 25,
    "-1",
    "0",
    "tiendo",
    "huy",
    "ics",
    "Q1/2020",
    "tháng 5",
    "quý 2",
    "19/5",
    "tuần này",
    "<b>&",
    "thai binh",
    "72/HTS",
    "tìm dân vận",
    "19/5/2026 | Gặp mặt | Hội trường",
    "| |",
    "Q9/2020 40/13/2020",
]
WORDS = [
    "Hội",
    "hội viên",
    "Trường Sơn",
    "suất quà",
    "nhà tình nghĩa",
    "đồng",
    "2.522.500.000 đ",
    "3 nhà",
    "842 suất quà = 512.300.000 đ",
    "hai tỷ năm trăm triệu",
    "chao ban",
    "xin chào",
    "🙂",
    "🎖️",
    "שלום",
    "مرحبا",
    "\u200b",
    "\u200d",
    "\u202e",
    "<b>",
    "</i>",
    "&amp;",
    "&",
    "<a href='x'>",
    "**đậm**",
    "1,250",
    "99999999999999999999",
    "Nơi nhận:",
]
TEXTS = st.one_of(
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(" ".join),
    st.text(min_size=1, max_size=60),
    st.integers(1000, 5000).map(lambda n: ("Báo cáo tri ân & <b>nghĩa tình</b> " * 200)[:n]),
)


@dataclass(frozen=True)
class Step:
    who: str
    kind: str  # command, text, press, replay, forge, contact, document
    text: str = ""
    index: int = 0


STEPS = st.one_of(
    st.builds(
        Step,
        st.sampled_from(sorted(PEOPLE)),
        st.just("command"),
        st.tuples(st.sampled_from(COMMANDS), st.one_of(st.sampled_from(ODD), TEXTS)).map(" ".join),
    ),
    st.builds(Step, st.sampled_from(sorted(PEOPLE)), st.just("text"), TEXTS),
    st.builds(
        Step,
        st.sampled_from(sorted(PEOPLE)),
        st.sampled_from(["press", "replay"]),
        st.just(""),
        st.integers(0, 30),
    ),
    st.builds(
        Step,
        st.sampled_from(sorted(PEOPLE)),
        st.just("forge"),
        st.one_of(st.text(max_size=70), st.from_regex(r"1\|[a-z]{1,4}(\|[0-9a-z]{0,25}){0,4}")),
    ),
    st.builds(
        Step,
        st.sampled_from(sorted(PEOPLE)),
        st.just("contact"),
        st.sampled_from(["0912000099", "0912000003", "+84912000005", "12", "0999999999"]),
    ),
    st.builds(Step, st.sampled_from(sorted(PEOPLE)), st.just("document"), TEXTS),
)


class Errors(logging.Handler):
    """Collects what reached the error handler (it logs every unexpected error)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _buttons(user: SimUser) -> list[str]:
    data = []
    for seen in user.seen:
        for row in seen.buttons:
            data += [value for _label, value in row if value]
    return data


async def _act(rig: Rig, step: Step, people: dict[str, SimUser]) -> bool:
    """Take the step; False when there was nothing to do (no message to press a button on)."""
    user = people[step.who]
    if step.kind in ("command", "text"):
        await user.send(step.text)
    elif step.kind in ("press", "replay", "forge"):
        target = next((s for s in reversed(user.seen) if not s.deleted), None)
        if step.kind == "press":
            mine = _buttons(user)
            data = mine[step.index % len(mine)] if mine else None
        elif step.kind == "replay":
            others = [d for name, u in people.items() if name != step.who for d in _buttons(u)]
            data = others[step.index % len(others)] if others else None
        else:
            data = step.text
        if target is None or data is None:
            return False
        await user.press_data(data, target)
    elif step.kind == "contact":
        await user.share_contact(step.text)
    else:
        await user.send_document("bao-cao.txt", step.text.encode("utf-8"), mime_type="text/plain")
    return True


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=REPEATABLE,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(STEPS, min_size=1, max_size=12))
async def test_the_bot_never_errors_never_goes_silent_never_leaks(
    rig: Rig, steps: list[Step]
) -> None:
    errors = Errors()
    logging.getLogger().addHandler(errors)
    rig.fake.rejected.clear()  # the rig lives across examples; each starts clean
    people = {name: rig.person(telegram_id) for name, telegram_id in PEOPLE.items()}
    try:
        for step in steps:
            user = people[step.who]
            seen_before = len(user.seen) + sum(len(s.edits) for s in user.seen)
            answers_before = len(user.callback_answers)
            if not await _act(rig, step, people):
                continue
            await rig.settle()
            assert not errors.records, (step, errors.records[0].getMessage())
            assert not refusals(rig.fake), (step, refusals(rig.fake))
            assert user.unanswered_presses == 0, step
            if step.kind in ("command", "text", "contact", "document"):
                now_seen = len(user.seen) + sum(len(s.edits) for s in user.seen)
                assert now_seen > seen_before, ("no answer", step)
            else:
                assert len(user.callback_answers) > answers_before, ("press not answered", step)
            for telegram_id, names in NEVER_SEEN.items():
                shown = "\n".join(rig.person(telegram_id).texts(include_deleted=True))
                for name in names:
                    assert name not in shown, (step, telegram_id, name)
    finally:
        logging.getLogger().removeHandler(errors)
