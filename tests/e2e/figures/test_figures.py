"""Charity figures end to end: an admin opens a period, leads report by the flow and by a
pasted sentence, correct, are refused elsewhere; completeness, approval, the report, the
.xlsx and the chart; sums right to the đồng."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from bot.app.jobs import JobContext
from bot.figures.notify import chase
from storage.db import Database
from storage.models import Delivery, FigureChange, FigureValue, Indicator, UnitReport
from storage.people.units import get_unit_by_code
from tests.fakes.figures import open_q1, store_default_indicators
from tests.fakes.rig import Rig


@pytest.fixture(autouse=True)
async def indicators(db: Database) -> None:
    """The default indicators (the test database is emptied before each test)."""
    await store_default_indicators(db)


async def values_of(rig: Rig, unit_code: str) -> dict[str, int]:
    async with rig.db.session() as session:
        unit = await get_unit_by_code(session, unit_code)
        assert unit is not None
        rows = await session.execute(
            select(Indicator.code, FigureValue.value)
            .join(Indicator, Indicator.id == FigureValue.indicator_id)
            .where(FigureValue.unit_id == unit.id)
        )
        return dict(rows.all())


async def test_admin_opens_a_period_with_buttons(rig: Rig) -> None:
    admin = rig.admin
    await admin.send("/kybaocao Q1/2020 10/4/2020")
    assert "10/4/2020" in admin.last.shown
    await admin.press("3 ngày")
    assert "Đơn vị nào phải báo cáo" in admin.last.shown
    await admin.press("✅ Mở kỳ báo cáo")
    text = admin.last.shown
    assert "quý I/2020" in text and "5 đơn vị" in text, text
    async with rig.db.session() as session:
        count = await session.scalar(select(func.count()).select_from(UnitReport))
    assert count == 5
    # the leads of the expected units were told, through the outbox
    async with rig.db.session() as session:
        told = (await session.execute(select(Delivery.chat_id))).scalars().all()
    assert sorted(told) == [1002, 1005, 1007, 1009]


async def test_lead_submits_step_by_step(rig: Rig) -> None:
    await open_q1(rig)
    lead = rig.lead_hn
    await lead.send("/nop")
    assert "1/4. Nhà tình nghĩa" in lead.last.shown
    await lead.send("3")
    assert "2/4. Suất quà" in lead.last.shown
    await lead.send("842")
    assert "3/4. Chăn" in lead.last.shown
    await lead.press("Không có (0)")
    assert "4/4. Tiền" in lead.last.shown
    await lead.send("512.300.000 đ")
    card = lead.last.shown
    assert "512.300.000" in card and "năm trăm mười hai triệu ba trăm nghìn đồng" in card
    await lead.press("✅ Gửi báo cáo")
    assert "Đã nhận số liệu quý I/2020" in lead.last.shown
    assert await values_of(rig, "HN") == {
        "houses": 3,
        "gifts": 842,
        "blankets": 0,
        "money": 512_300_000,
    }


async def test_lead_pastes_a_sentence_in_one_message(rig: Rig) -> None:
    await open_q1(rig)
    lead = rig.lead_hn
    await lead.send(
        "/nop Q1/2020 tặng 3 nhà tình nghĩa, 120 chăn ấm, 1.250 suất quà, tổng 815 triệu đồng"
    )
    card = lead.last.shown
    assert "Xin đồng chí kiểm tra" in card
    assert "815.000.000" in card and "tám trăm mười lăm triệu đồng" in card
    await lead.press("✅ Gửi báo cáo")
    assert await values_of(rig, "HN") == {
        "houses": 3,
        "gifts": 1250,
        "blankets": 120,
        "money": 815_000_000,
    }


async def test_pasted_sentence_in_the_flow_and_ambiguous_numbers_are_asked(rig: Rig) -> None:
    await open_q1(rig)
    lead = rig.lead_tb
    await lead.send("/nop")
    assert "1/4. Nhà tình nghĩa" in lead.last.shown
    await lead.send("vận động 3 nhà, 1,250 suất quà = 512.300.000 đ")
    question = lead.last
    assert "1,250" in question.shown, question.shown
    assert question.labels()[0] == "1.250"
    await lead.press("1.250")
    card = lead.last.shown
    assert "1.250" in card and "(câu không nêu)" in card
    await lead.press("✅ Gửi báo cáo")
    assert (await values_of(rig, "TB"))["gifts"] == 1250


async def test_a_bare_amount_is_asked_back_never_guessed(rig: Rig) -> None:
    await open_q1(rig)
    lead = rig.lead_hn
    await lead.send("/nop")
    for answer in ("3", "842", "0"):
        await lead.send(answer)
    await lead.send("815")
    assert lead.last.labels()[:3] == ["815.000\xa0₫", "815.000.000\xa0₫", "815.000.000.000\xa0₫"]
    await lead.press(1)
    assert "815.000.000" in lead.last.shown and "Xin đồng chí kiểm tra" in lead.last.shown


async def test_bad_input_gets_a_clear_answer_and_loses_nothing(rig: Rig) -> None:
    await open_q1(rig)
    lead = rig.lead_hn
    await lead.send("/nop")
    await lead.send("3")
    await lead.send("abc")
    assert "chưa đọc được số" in lead.last.shown
    await lead.send("-5")
    assert "số âm" in lead.last.shown
    await lead.send("842")
    assert "3/4. Chăn" in lead.last.shown, "the houses answer was kept"
    await lead.press("⬅️ Quay lại")
    assert "Giữ nguyên: 842" in lead.last.labels()


async def test_member_cannot_submit_and_lead_only_for_their_unit(rig: Rig) -> None:
    await open_q1(rig)
    await rig.member_hn.send("/nop")
    assert "dành cho lãnh đạo hội" in rig.member_hn.last.shown
    lead = rig.lead_hn
    await lead.send("/nop")
    async with rig.db.session() as session:
        tb = await get_unit_by_code(session, "TB")
        assert tb is not None
    rev = lead.last.raw["reply_markup"]["inline_keyboard"][0][0]["callback_data"].split("|")[2]
    await lead.press_data(f"1|fu|{rev}|{tb.id}")
    assert (
        lead.callback_answers[-1] == "Xin lỗi, đơn vị này không thuộc phạm vi đồng chí phụ trách."
    )
    assert await values_of(rig, "TB") == {}


async def submit_hn(rig: Rig, sentence: str) -> None:
    await rig.lead_hn.send(f"/nop Q1/2020 {sentence}")
    await rig.lead_hn.press(rig.lead_hn.last.labels()[0])


async def test_corrections_keep_history_until_approval_locks(rig: Rig) -> None:
    await open_q1(rig)
    lead = rig.lead_hn
    await submit_hn(rig, "3 nhà, 842 suất quà, 10 chăn = 512.300.000 đ")
    await lead.send("/nop")
    assert "có thể sửa" in lead.last.shown
    await lead.press("Giữ nguyên: 3")
    await lead.send("900")
    await lead.press("Giữ nguyên: 10")
    await lead.press("Giữ nguyên: 512.300.000\xa0₫")
    assert "(trước: 842)" in lead.last.shown
    await lead.press("✅ Gửi báo cáo")
    assert "thay đổi 1 số liệu" in lead.last.shown
    await lead.press("📜 Lịch sử sửa đổi")
    history = lead.last.shown
    assert "Trần Thị Bình: Suất quà 842 → 900" in history
    assert "Suất quà — → 842" in history
    async with rig.db.session() as session:
        changes = await session.scalar(select(func.count()).select_from(FigureChange))
    assert changes == 5
    # the admin approves: the figures are locked, and the lead is told why and whom to ask
    admin = rig.admin
    await admin.send("/duyet")
    await admin.press("Hội Trường Sơn TP Hà Nội · quý I/2020")
    await admin.press("✅ Duyệt")
    assert admin.callback_answers[-1] == "Đã duyệt. Số liệu đã khoá."
    await lead.send("/nop")
    assert "đã khoá: đồng chí Nguyễn Văn An đã duyệt" in lead.last.shown


async def test_after_closing_the_answer_says_why_and_whom_to_ask(rig: Rig) -> None:
    await open_q1(rig)
    await submit_hn(rig, "3 nhà = 50 triệu")
    admin = rig.admin
    await admin.send("/kybaocao")
    await admin.press("🔒 Đóng quý I/2020")
    assert "Đã đóng kỳ báo cáo quý I/2020" in admin.last.shown
    await rig.lead_hn.send("/nop Q1/2020 5 nhà")
    text = rig.lead_hn.last.shown
    assert "kỳ báo cáo đã được đồng chí Nguyễn Văn An đóng" in text
    assert "mở lại kỳ báo cáo" in text
    assert (await values_of(rig, "HN"))["houses"] == 3


async def test_validation_questions_can_be_confirmed(rig: Rig) -> None:
    await open_q1(rig)
    lead = rig.lead_hn
    # 2 gift packages worth 500 million: far more per package than usual
    await lead.send("/nop Q1/2020 2 suất quà = 500 triệu đồng")
    card = lead.last
    assert "Tiền bình quân mỗi suất quà là 250.000.000" in card.shown
    assert "✅ Số liệu đúng, vẫn gửi" in card.labels()
    await lead.press("✅ Số liệu đúng, vẫn gửi")
    async with rig.db.session() as session:
        notes = (await session.execute(select(FigureChange.note))).scalars().all()
    assert all(n and n.startswith("đã xác nhận: Tiền bình quân") for n in notes)


async def test_completeness_and_drill_down(rig: Rig) -> None:
    await open_q1(rig)
    await submit_hn(rig, "3 nhà, 842 suất quà = 512.300.000 đ")
    admin = rig.admin
    await admin.send("/baocao tiendo")
    text = admin.last.shown
    assert "Phải báo cáo: 5 · đã gửi: 1 (20%)" in text
    assert "• Hội Trường Sơn tỉnh Thái Bình: 0/2 (0%), chưa gửi 2" in text
    await admin.press("Hội Trường Sơn tỉnh Thái Bình 0/2 ▸")
    text = admin.last.shown
    assert "Hội Trường Sơn tỉnh Thái Bình" in text and "Hội Nữ CSTS tỉnh Thái Bình" in text
    # a lead sees only their subtree
    await rig.lead_tb.send("/baocao tiendo")
    assert "Phải báo cáo: 2 · đã gửi: 0" in rig.lead_tb.last.shown


async def test_report_xlsx_and_chart_sum_right_to_the_dong(rig: Rig) -> None:
    await open_q1(rig)
    await submit_hn(rig, "vận động 3 nhà, 842 suất quà = 512.300.000 đ")
    await rig.lead_tb.send(
        "/nop Q1/2020 1.250 suất quà, 120 chăn, tổng 2 tỷ 1 triệu 700 nghìn đồng"
    )
    await rig.lead_tb.press("✅ Gửi báo cáo")
    admin = rig.admin
    await admin.send("/baocao Q1/2020")
    text = admin.last.shown
    assert "Số liệu từ 2/5 đơn vị, chưa đầy đủ" in text
    assert "2.514.000.000" in text
    assert "hai tỷ năm trăm mười bốn triệu đồng" in text
    assert "Quý I/2020, theo tổng hợp số liệu chưa đầy đủ (2/5 đơn vị báo cáo), toàn Hội" in text
    await admin.press("📥 Tệp Excel")
    document = admin.last.document
    assert document is not None and (document.filename or "").endswith(".xlsx")
    book = load_workbook(io.BytesIO(document.content))
    totals = {
        row[0]: row[1]
        for row in book.worksheets[0].iter_rows(min_row=6, max_row=9, values_only=True)
    }
    assert totals == {
        "Nhà tình nghĩa": 3,
        "Suất quà": 2092,
        "Chăn": 120,
        "Tiền": 2_514_000_000,
    }
    units = list(book.worksheets[1].iter_rows(values_only=True))
    assert units[0][:6] == ("Mã", "Đơn vị", "Loại", "Đơn vị cấp trên", "Phải báo cáo", "Trạng thái")
    money_column = units[0].index("Tiền")
    assert sum(row[money_column] or 0 for row in units[1:]) == 2_514_000_000
    await admin.press("📈 Biểu đồ")
    chart = admin.last.document
    assert chart is not None and chart.content.startswith(b"\x89PNG")
    # approved only: nothing approved yet
    await admin.send("/baocao Q1/2020 duyet")
    assert "chỉ số liệu đã duyệt" in admin.last.shown
    assert "Tiền: 0" in admin.last.shown


async def test_figures_the_office_sends_unexpected_are_counted_and_said_so(rig: Rig) -> None:
    await open_q1(rig)
    admin = rig.admin
    await admin.send("/nop Q1/2020 vận động 2 nhà, 10 suất quà = 5.000.000 đ")
    await admin.press("✅ Gửi báo cáo")
    await admin.send("/baocao Q1/2020")
    text = admin.last.shown
    assert "(0/0)" not in text
    assert "• Trung ương hội (không phải báo cáo; số liệu vẫn được tính): 2 nhà" in text, text
    assert "• Tiền: 5.000.000" in text, "its figures are in the totals"
    assert "Số liệu từ 0/5 đơn vị, chưa đầy đủ" in text


async def reminders_at(rig: Rig, when: datetime) -> list[tuple[int, str]]:
    """Run the reminder job at a simulated time; what each chat has queued so far."""
    await chase(JobContext(rig.db, rig.app.bot, rig.settings, when))
    async with rig.db.session() as session:
        rows = await session.execute(
            select(Delivery.chat_id, Delivery.text, Delivery.state).order_by(Delivery.id)
        )
        return [(chat, text) for chat, text, state in rows.all() if state == "pending"]


async def test_reminders_go_out_once_and_stop_when_the_unit_reports(rig: Rig) -> None:
    await open_q1(rig)  # due 10/4/2020
    assert await reminders_at(rig, datetime(2020, 4, 1, 3, tzinfo=UTC)) == []
    before = await reminders_at(rig, datetime(2020, 4, 8, 3, tzinfo=UTC))
    assert sorted(chat for chat, _text in before) == [1002, 1005, 1007, 1009]
    assert "còn 2 ngày" in before[0][1]
    again = await reminders_at(rig, datetime(2020, 4, 9, 3, tzinfo=UTC))
    assert again == before, "each reminder at most once per unit and step"
    # Hà Nội reports: its queued reminder is cancelled and no later one is queued
    await submit_hn(rig, "3 nhà = 50 triệu")
    after = await reminders_at(rig, datetime(2020, 4, 12, 3, tzinfo=UTC))
    assert 1002 not in [chat for chat, _text in after]
    overdue = [text for chat, text in after if chat == 1005 and "chưa nhận được" in text]
    assert len(overdue) == 1
    # five days after the deadline the lead above hears which children are missing
    late = await reminders_at(rig, datetime(2020, 4, 16, 3, tzinfo=UTC))
    to_tb_lead = [text for chat, text in late if chat == 1005 and "trực thuộc" in text]
    assert len(to_tb_lead) == 1 and "Hội Nữ CSTS tỉnh Thái Bình" in to_tb_lead[0]
    assert len(await reminders_at(rig, datetime(2020, 4, 20, 3, tzinfo=UTC))) == len(late)


async def test_units_outside_their_life_are_not_expected(rig: Rig) -> None:
    async with rig.db.session() as session:
        unit = await get_unit_by_code(session, "SD470")
        assert unit is not None
        unit.dissolved_on = date(2019, 12, 31)
        await session.commit()
    await open_q1(rig)
    await rig.admin.send("/baocao tiendo")
    assert "Phải báo cáo: 4 · đã gửi: 0 (0%)" in rig.admin.last.shown
