"""A lead pastes the sentence of a report: every number ends on the card as a figure, a
question with buttons, or a line saying it was not counted and why."""

from __future__ import annotations

import pytest

from storage.db import Database
from tests.e2e.figures.test_figures import values_of
from tests.fakes.figures import open_q1, store_default_indicators
from tests.fakes.rig import Rig


@pytest.fixture(autouse=True)
async def indicators(db: Database) -> None:
    await store_default_indicators(db)


SENTENCE = (
    "Theo tổng hợp của 35 đơn vị, ngày 19/5/2020 toàn Hội tặng **1.055** suất quà "
    "2.522.500.000 và 3 nhà tình nghĩa"
)


async def test_numbers_left_out_are_shown_and_a_bare_amount_is_asked(rig: Rig) -> None:
    await open_q1(rig)
    lead = rig.lead_hn
    await lead.send(f"/nop Q1/2020 {SENTENCE}")
    question = lead.last
    assert "“2.522.500.000”" in question.shown, question.shown
    assert question.labels()[:4] == ["Nhà tình nghĩa", "Suất quà", "Chăn", "Tiền"]
    assert "Không phải số liệu: bỏ qua" in question.labels()
    await lead.press("Tiền")
    card = lead.last.shown
    assert "2.522.500.000" in card and "1.055" in card
    assert "không tính: 35 đơn vị (số đơn vị)" in card, card
    assert "không tính: ngày 19/5/2020 (ngày tháng)" in card
    await lead.press("✅ Gửi báo cáo")
    assert await values_of(rig, "HN") == {
        "houses": 3,
        "gifts": 1055,
        "blankets": 0,
        "money": 2_522_500_000,
    }


async def test_a_number_the_lead_skips_is_shown_as_not_counted(rig: Rig) -> None:
    await open_q1(rig)
    lead = rig.lead_tb
    await lead.send("/nop Q1/2020 Sư đoàn 470 tặng 50 suất quà = 25.000.000 đ")
    assert "“470”" in lead.last.shown
    await lead.press("Không phải số liệu: bỏ qua")
    card = lead.last.shown
    assert "không tính: 470 (đồng chí chọn không tính)" in card, card
    assert "25.000.000" in card


async def test_in_english_the_reason_is_in_english(rig: Rig) -> None:
    await open_q1(rig)
    lead = rig.lead_hn
    await lead.send("/ngonngu")
    await lead.press("English")
    await lead.send("/nop Q1/2020 12 tỉnh tặng 40 suất quà = 10.000.000 đ")
    assert "not counted: 12 tỉnh (a count of units)" in lead.last.shown, lead.last.shown


async def test_digits_and_words_that_disagree_are_asked_about(rig: Rig) -> None:
    await open_q1(rig)
    lead = rig.lead_hn
    await lead.send(
        "/nop Q1/2020 tặng 1.055 suất quà với tổng giá trị = 2.522.500.000 đ (Hai tỷ năm "
        "trăm mười ba triệu năm trăm nghìn đồng)"
    )
    question = lead.last
    assert "bằng số (2.522.500.000\xa0₫)" in question.shown, question.shown
    assert "bằng chữ (2.513.500.000\xa0₫)" in question.shown
    assert question.labels()[:2] == ["2.522.500.000\xa0₫", "2.513.500.000\xa0₫"]
    await lead.press("2.513.500.000\xa0₫")
    await lead.press("✅ Gửi báo cáo")
    assert (await values_of(rig, "HN"))["money"] == 2_513_500_000


async def test_an_amount_in_words_only_is_read_and_confirmed(rig: Rig) -> None:
    await open_q1(rig)
    lead = rig.lead_hn
    await lead.send("/nop Q1/2020 tặng 10 suất quà trị giá hai triệu rưỡi đồng")
    question = lead.last
    assert "“hai triệu rưỡi đồng”" in question.shown, question.shown
    assert question.labels()[0] == "2.500.000\xa0₫"
    await lead.press("2.500.000\xa0₫")
    await lead.press("✅ Gửi báo cáo")
    values = await values_of(rig, "HN")
    assert (values["gifts"], values["money"]) == (10, 2_500_000)
