"""The report checker end to end: the operator runs `hoibot report check FILE` on report
drafts (.txt, .docx, .pdf), and an admin sends a draft to the bot after /kiemtra."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.figures.periods import reporting_period
from bot.figures.service import open_period, submit
from bot.people.demo import seed_demo
from storage.db import Database
from storage.figures import list_indicators
from storage.people.units import get_unit_by_code
from tests.fakes.cli import Hoibot
from tests.fakes.figures import store_default_indicators
from tests.fakes.rig import Rig

REPORTS = Path(__file__).parents[2] / "data" / "corpus" / "reports"


@pytest.fixture
def hoibot(db: Database, tmp_path: Path) -> Hoibot:
    return Hoibot(db, tmp_path)


def copy(hoibot: Hoibot, name: str) -> str:
    return hoibot.raw_file(name, (REPORTS / name).read_bytes())


def test_a_report_that_adds_up_exits_0(hoibot: Hoibot) -> None:
    result = hoibot("report", "check", copy(hoibot, "q1-2022-dung.txt"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Đã kiểm tra 4 phép cộng các phần và 2 số tiền ghi bằng chữ. Tất cả đều khớp."
    ]


def test_each_discrepancy_is_one_line_and_exits_1(hoibot: Hoibot) -> None:
    result = hoibot("report", "check", copy(hoibot, "q2-2023-nhieu-muc.txt"))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[:2] == [
        "✗ dòng 9, “trị giá 3.383 triệu đồng”: ghi 3.383.000.000\xa0₫, nhưng cộng các phần "
        "được 3.125.000.000\xa0₫ (đọc là: “Trong đó” kể đủ các phần, cuối cùng là phần còn lại)",
        "✗ dòng 10, “17 nhà”: ghi 17 nhà, nhưng cộng các phần được 16 nhà (đọc là: “Trong đó” "
        "kể đủ các phần, cuối cùng là phần còn lại)",
    ]
    assert "Có 2 chỗ không khớp." in lines[-1]


def test_words_against_digits_and_what_is_not_read(hoibot: Hoibot) -> None:
    result = hoibot("report", "check", copy(hoibot, "6-thang-2023.txt"))
    assert result.returncode == 0, "two units named, and no rest: some units, not a wrong sum"
    out = result.stdout
    assert (
        "? dòng 11, “12 nhà tình nghĩa”: chỉ kể một số đơn vị (2 đơn vị, cộng lại 5 nhà): "
        "không phải phép cộng"
    ) in out
    assert "? dòng 10, “Hai trăm mười lăm mươi triệu đồng”: chưa đọc được" in out
    assert "? dòng 9" in out and "sau “Trong đó” không có số liệu nào đọc được" in out
    words = hoibot("report", "check", copy(hoibot, "q3-2022-chu-so.txt"))
    assert "bằng chữ là 425.000.000\xa0₫, nhưng bằng số là 420.000.000\xa0₫" in words.stdout


def test_totals_after_their_parts_in_brackets_and_in_a_table(hoibot: Hoibot) -> None:
    result = hoibot("report", "check", copy(hoibot, "bc-truong-son-quy-2-2024.txt"))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "✗ dòng 14, “12 nhà”: ghi 12 nhà, nhưng cộng các phần được 11 nhà (đọc là: các phần, "
        "rồi đến tổng (“tổng cộng”, “cộng”))",
        "? dòng 16, “95 sổ”: chỉ kể một số đơn vị (2 đơn vị, cộng lại 50 sổ): không phải phép cộng",
        "Đã kiểm tra 4 phép cộng các phần và 0 số tiền ghi bằng chữ. Có 1 chỗ không khớp.",
    ]
    table = hoibot("report", "check", copy(hoibot, "bc-bang-quy-3-2024.txt"))
    assert table.returncode == 1
    assert "✗ dòng 13, “1.200 suất”: ghi 1.200 suất, nhưng cộng các phần được 1.190 suất" in (
        table.stdout
    )
    assert "Đã kiểm tra 3 phép cộng" in table.stdout


def test_word_and_pdf_files(hoibot: Hoibot) -> None:
    pdf = hoibot("report", "check", copy(hoibot, "q4-2023-pdf.pdf"))
    assert pdf.returncode == 1, pdf.stderr
    assert "ghi 3.600.000.000\xa0₫, nhưng cộng các phần được 3.700.000.000\xa0₫" in pdf.stdout
    docx = hoibot("report", "check", copy(hoibot, "q3-2023-word.docx"))
    assert docx.returncode == 0, "an amount it cannot read is said, not counted as wrong"
    assert "“Hai trăm mốt triệu đồng”: chưa đọc được" in docx.stdout


def test_an_unreadable_file_gets_a_clear_message(hoibot: Hoibot) -> None:
    for name, content in (("bao-cao.xls", b"\xd0\xcf\x11\xe0"), ("hong.pdf", b"%PDF-1.4 x")):
        result = hoibot("report", "check", hoibot.raw_file(name, content))
        assert result.returncode == 2
        assert f"Không đọc được {name}" in result.stderr and result.stdout == ""
    missing = hoibot("report", "check", "khong-co.txt")
    assert missing.returncode == 2 and "Không đọc được khong-co.txt" in missing.stderr
    usage = hoibot("report", "check")
    assert usage.returncode == 2 and "hoibot report check TỆP" in usage.stderr


async def test_totals_are_compared_with_the_figures_in_the_bot(
    hoibot: Hoibot, db: Database
) -> None:
    await store_default_indicators(db)
    async with db.session() as session:
        await seed_demo(session)
        span = reporting_period("Q2/2022", date(2022, 7, 1))
        assert span is not None
        now = datetime(2022, 7, 2, tzinfo=UTC)
        period, _new = await open_period(
            session, span, deadline=date(2022, 7, 10), grace_days=3, now=now
        )
        codes = {i.code: i.id for i in await list_indicators(session)}
        hanoi = await get_unit_by_code(session, "HN")
        assert hanoi is not None
        values = {codes["gifts"]: 800, codes["money"]: 512_300_000}
        tz = ZoneInfo("Asia/Ho_Chi_Minh")
        await submit(session, period, hanoi.id, values, member_id=None, now=now, tz=tz)
        await session.commit()
    result = hoibot("report", "check", copy(hoibot, "q2-2022-sai-tong.txt"))
    assert result.returncode == 1
    assert (
        "✗ dòng 14, “842 suất quà”: ghi 842 suất, nhưng số liệu các đơn vị gửi qua bot cho "
        "quý II/2022 cộng lại là 800 suất (1/5 đơn vị đã báo cáo)"
    ) in result.stdout.splitlines(), result.stdout
    assert "512.300.000\xa0₫, nhưng số liệu" not in result.stdout, "the money agrees"


async def test_admin_checks_a_pdf_file_in_the_chat(rig: Rig) -> None:
    admin = rig.admin
    await admin.send("/kiemtra")
    assert "Xin gửi bản báo cáo cần kiểm tra" in admin.last.shown
    content = (REPORTS / "q4-2023-pdf.pdf").read_bytes()
    await admin.send_document("bao-cao-quy-4.pdf", content, mime_type="application/pdf")
    reply = admin.last.shown
    assert "Kiểm tra báo cáo: cần sửa" in reply
    assert "dòng 10, “= 3.600.000.000 đ”: ghi 3.600.000.000\xa0₫, nhưng cộng các phần" in reply
    assert "Có 1 chỗ không khớp." in reply
    # the wait is over: the next text is not taken for a report
    await admin.send("cảm ơn")
    assert "Kiểm tra báo cáo" not in admin.last.shown


async def test_admin_pastes_a_report_and_a_bad_file_is_said(rig: Rig) -> None:
    admin = rig.admin
    await admin.send("/kiemtra")
    await admin.send_document("bao-cao.xls", b"\xd0\xcf\x11\xe0")
    assert "Tôi chưa đọc được tệp này" in admin.last.shown
    await admin.send((REPORTS / "q1-2022-dung.txt").read_text(encoding="utf-8"))
    reply = admin.last.shown
    assert "Tất cả đều khớp." in reply and "Kiểm tra báo cáo" in reply
    await admin.send(
        "/kiemtra Toàn Hội tặng 40 suất quà. Trong đó, Hội Nữ 15 suất quà; các địa phương "
        "20 suất quà."
    )
    assert "ghi 40 suất, nhưng cộng các phần được 35 suất" in admin.last.shown


async def test_only_the_central_office_checks_reports(rig: Rig) -> None:
    for person in (rig.lead_hn, rig.member_hn):
        await person.send("/kiemtra")
        assert "chỉ Văn phòng Trung ương Hội" in person.last.shown
