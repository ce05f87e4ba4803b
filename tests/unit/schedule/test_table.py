"""Reading key-task tables: the 2024 guidance row by row, layouts, and what cannot be read."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from bot.periods import DateSpan, Period, Precision
from bot.schedule.csvfile import read_task_csv
from bot.schedule.importing import read_document
from bot.schedule.table import read_task_table
from bot.text.i18n import use_locale
from tests.fakes.paths import DATA

GUIDANCE_2024 = (DATA / "huong-dan-cong-tac-dan-van-2024.txt").read_text(encoding="utf-8")


def months(*runs: tuple[int, int], year: int = 2024) -> Period:
    def span(first: int, last: int) -> DateSpan:
        end = date(year + last // 12, last % 12 + 1, 1) if last < 12 else date(year + 1, 1, 1)
        return DateSpan(date(year, first, 1), date.fromordinal(end.toordinal() - 1))

    precision = Precision.MONTH if len(runs) == 1 and runs[0][0] == runs[0][1] else Precision.MONTHS
    return Period(precision, tuple(span(a, b) for a, b in runs))


QUARTER_1 = Period(Precision.QUARTER, (DateSpan(date(2024, 1, 1), date(2024, 3, 31)),))

# (number, title start, period, responsible) for every item of the 2024 key-task table.
EXPECTED_2024 = [
    (
        "01",
        "Hướng dẫn triển khai nhiệm vụ, kế hoạch và tổ chức thực hiện công tác dân vận năm 2024",
        months((1, 12)),
        "Ban Tuyên giáo TW Hội, các tỉnh, thành Hội",
    ),
    (
        "02",
        "Phối hợp với Ban dân vận TW phục vụ Bộ chính trị, Ban Bí thư Tổng kết 20 năm",
        QUARTER_1,
        "Cơ quan TW hội",
    ),
    (
        "03.1",
        "Phối hợp với các đơn vị liên quan tổ chức các hoạt động tuyên truyền 70 năm chiến thắng "
        "Điện Biên Phủ",
        months((3, 4)),
        "Ban Chỉ đạo, Ban Tuyên giáo và các tỉnh, thành hội liên quan",
    ),
    (
        "03.2",
        "Phối hợp với Bộ Công an tổ chức tập huấn công tác phòng, chống tội phạm, PCMT, mua bán "
        "người tại tỉnh hội Đồng Tháp",
        replace(months((5, 5)), tentative=True),
        "Ban Tuyên giáo. Tỉnh hội Đồng Tháp",
    ),
    (
        "04",
        "Sơ kết báo cáo các mặt công tác dân vận 6 tháng đầu năm 2024",
        months((6, 6)),
        "Ban Tuyên giáo và các tỉnh, thành hội",
    ),
    (
        "05",
        "Phối hợp với các đơn vị liên quan tổ chức tuyên truyền, giáo dục truyền thống cho thanh "
        "thiếu niên",
        months((3, 4), (11, 12)),
        "Các cấp hội",
    ),
    (
        "06",
        "Tham gia các đoàn kiểm tra theo Kế hoạch của Ban Dân vận TW, Ban Chỉ đạo TW các Chương "
        "trình",
        months((1, 12)),
        "Thành viên các Ban chỉ đạo TW+ Chuyên viên giúp việc",
    ),
    (
        "07",
        "Tổng kết các mặt công tác dân vận năm 2024",
        months((11, 11)),
        "Ban Tuyên giáo + các tỉnh, thành hội",
    ),
]


def test_the_2024_guidance_table_reads_row_by_row() -> None:
    plan = read_document(GUIDANCE_2024, filename="huong-dan.txt", default_year=2030)
    assert plan.year == 2024, "the document's own date gives the year"
    assert plan.source_ref == "Hướng dẫn “Công tác Dân vận năm 2024” ngày 12/01/2024"
    table = plan.table
    assert table.found and table.problems == []
    assert len(table.rows) == len(EXPECTED_2024) == 8
    for row, (number, title, period, responsible) in zip(table.rows, EXPECTED_2024, strict=True):
        assert row.number == number
        assert row.title.startswith(title), (number, row.title)
        assert replace(row.period, text="") == period, number
        assert row.responsible == responsible, number
    assert table.rows[1].title.endswith("trong giai đoạn cách mạng mới")
    assert [row.period.text for row in table.rows[2:4]] == ["T3,4/2024", "T5/2024"]
    assert not any(row.title.startswith(("-", "Dự kiến")) for row in table.rows)


TAB_MULTILINE = """Bảng kế hoạch
TT\tNội dung\tThời gian\tPhụ trách
1\t- Hội nghị sơ kết\tQuý I/2025\tVăn phòng
\tcông tác 6 tháng\t\t+ Ban Tổ chức
2\tGặp mặt kỷ niệm 19/5\t8h00 ngày 19/5\tThường trực
\ttại Hội trường lớn
3\tKiểm tra thi đua\tdự kiến tháng 10, tháng 11/2025 (sẽ thông báo sau)\tBan Thi đua

Hà Nội, ngày 2 tháng 1 năm 2025
"""


def test_items_spanning_several_lines_and_prose_after_the_table() -> None:
    table = read_task_table(TAB_MULTILINE, 2025)
    assert [row.number for row in table.rows] == ["1", "2", "3"]
    first, second, third = table.rows
    assert first.title == "Hội nghị sơ kết công tác 6 tháng"
    assert first.responsible == "Văn phòng + Ban Tổ chức"
    assert second.title == "Gặp mặt kỷ niệm 19/5 tại Hội trường lớn"
    assert second.period.precision is Precision.DATETIME
    assert second.period.start == date(2025, 5, 19)
    assert third.period.to_be_announced and third.period.tentative
    assert table.problems == []


COLUMNS = """
TT   Nội dung                              Thời gian          Phụ trách
01   Hướng dẫn công tác năm                Tháng 01-12/2024   Ban Tuyên giáo
02   Sơ kết 6 tháng                        6/2024             Các tỉnh, thành hội
     đầu năm
"""


def test_columns_laid_out_with_spaces() -> None:
    table = read_task_table(COLUMNS, 2024)
    assert [(r.number, r.title, r.period.text, r.responsible) for r in table.rows] == [
        ("01", "Hướng dẫn công tác năm", "Tháng 01-12/2024", "Ban Tuyên giáo"),
        ("02", "Sơ kết 6 tháng đầu năm", "6/2024", "Các tỉnh, thành hội"),
    ]


def test_what_cannot_be_read_is_reported_not_guessed() -> None:
    text = (
        "TT\tNội dung\tThời gian\tPhụ trách\n"
        "1\t- Việc A. - Việc B. - Việc C.\tT3/2024 T4/2024\tVăn phòng\n"
        "2\tViệc không rõ ngày\tkhi có kinh phí\tVăn phòng\n"
        "3\tViệc không ghi ngày\t\tVăn phòng\n"
        "4\t\tT5/2024\tVăn phòng\n"
    )
    table = read_task_table(text, 2024)
    assert [row.number for row in table.rows] == ["2", "3"]
    assert table.rows[0].period.unparsed and table.rows[0].period.text == "khi có kinh phí"
    assert table.rows[1].period.to_be_announced
    with use_locale("en"):
        reasons = [(p.number, p.message()) for p in table.problems]
    assert reasons == [
        ("1", "3 tasks but 2 periods: which goes with which?"),
        ("2", "the time “khi có kinh phí” was not understood: saved as to be announced"),
        ("3", "no time given: saved as to be announced"),
        ("4", "the row has no content"),
    ]


@pytest.mark.parametrize("text", ["", "Không có bảng nào ở đây.\nTT Nội dung", "a\tb\tc"])
def test_no_table(text: str) -> None:
    table = read_task_table(text, 2024)
    assert not table.found and table.rows == []


def test_a_calendar_csv() -> None:
    text = (
        "tt,noi_dung,thoi_gian,phu_trach,dia_diem,don_vi,hang_nam\n"
        "1,Ngày truyền thống,19/5/2025,Văn phòng,Hội trường,*,x\n"
        "2,Họp Hà Nội,quý 3/2025,,,HN TB,\n"
        "3,,6/2025,,,,\n"
        "4,Không rõ,khi có kinh phí,,,,\n"
    )
    table = read_task_csv(text, 2025)
    assert table.found
    first, second, third = table.rows
    assert (first.title, first.unit_codes, first.recurring, first.place) == (
        "Ngày truyền thống",
        ("*",),
        True,
        "Hội trường",
    )
    assert second.unit_codes == ("HN", "TB") and second.period.precision is Precision.QUARTER
    assert third.period.unparsed
    assert [(p.line, p.number) for p in table.problems] == [(4, "3"), (5, "4")]
    assert not read_task_csv("a,b\n1,2\n", 2025).found
