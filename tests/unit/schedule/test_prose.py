"""Tasks written as prose under a heading that names a coming period (issue 10, item 5):
the corpus documents, and generated sections in the forms reports use."""

from __future__ import annotations

from datetime import date, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.periods import format_period
from bot.schedule.importing import read_document
from bot.schedule.prose import in_charge, read_prose_tasks
from tests.fakes.paths import DATA

CORPUS = DATA / "corpus" / "documents"

# For each corpus document: (period in words, title start, in charge) of each item found.
EXPECTED: dict[str, list[tuple[str, str, str | None]]] = {
    "du-thao-bao-cao-quy-1-2022.txt": [
        (
            "19/5/2022",
            "Tổ chức các hoạt động kỷ niệm Ngày mở đường",
            "Ban Tuyên truyền – Thi đua",
        ),
        ("trước ngày 30/6/2022", "Hoàn thành sơ kết phong trào thi đua", None),
        ("tháng 4/2022", "Kiện toàn Ban Liên lạc các đơn vị truyền thống", "Ban Tổ chức"),
        ("quý II/2022", "Tiếp tục vận động xây dựng nhà tình nghĩa", None),
    ],
    "du-thao-bao-cao-6-thang-2023.txt": [
        (
            "6 tháng cuối năm 2023",
            "Tổ chức tổng kết phong trào thi đua",
            "Ban Tuyên truyền – Thi đua",
        ),
        ("cuối năm 2023", "Chuẩn bị nội dung hội nghị Ban Chấp hành", None),
        ("trước ngày 15/12/2023", "Văn phòng dự thảo báo cáo tổng kết năm", None),
        ("tháng 12/2023", "Phối hợp với các địa phương thăm, tặng quà", None),
    ],
    "bao-cao-quy-3-2024.txt": [
        ("trước ngày 30/11/2024", "Tổ chức đại hội các chi hội còn lại", None),
        ("quý IV/2024", "Tổng kết công tác Hội năm 2024", "Văn phòng Hội"),
        ("tháng 12/2024", "Các huyện hội gửi báo cáo tổng kết", None),
        ("6/12/2024", "Chuẩn bị gặp mặt truyền thống 6/12", None),
        ("quý IV/2024", "Tiếp tục vận động quỹ nghĩa tình đồng đội", None),
    ],
    "ke-hoach-thang-tri-an-2025.txt": [
        ("19/5-27/7/2025", "Các Hội tổ chức thăm, tặng quà hội viên", "Ban Chính sách"),
        ("tối 26/7/2025", "Tổ chức lễ thắp nến tri ân tại Nghĩa trang", None),
        ("sáng 8/6/2025", "Gặp mặt cán bộ chủ chốt các Hội phía Bắc", None),
        ("trước ngày 5/8/2025", "Tổng hợp kết quả, báo cáo Thường trực Hội", None),
    ],
    "bao-cao-quy-1-2025-hoi-nu.txt": [
        ("tháng 5/2025", "Công tác tổ chức: Hoàn thành đại hội chi hội Nữ Sư đoàn 470", None),
        ("quý II/2025", "Công tác tổ chức: Rà soát danh sách hội viên", None),
        ("quý II/2025", "Công tác tri ân: Thăm hỏi các chị em ốm đau", "Ban Thường vụ Hội Nữ"),
    ],
    "ke-hoach-ccb-2025.txt": [
        ("tuần cuối tháng 4/2025", "Công tác tuyên truyền: Tuyên truyền kỷ niệm 50 năm", None),
        ("năm 2025", "Công tác tuyên truyền: Viết bài về gương cựu chiến binh", None),
        ("27/7/2025", "Công tác chính sách: Thăm tặng quà gia đình chính sách", None),
        (
            "dịp Tết Nguyên đán, ngày sẽ báo sau",
            "Công tác chính sách: Tặng quà hội viên khó khăn",
            None,
        ),
        ("6/12/2025", "Hoạt động kỷ niệm: Gặp mặt kỷ niệm Ngày thành lập Hội", None),
        ("22/12/2025", "Hoạt động kỷ niệm: Tọa đàm ngày 22/12", None),
        ("cuối quý II/2025", "Hoạt động kỷ niệm: Hoàn thành báo cáo sơ kết", None),
    ],
    "thong-bao-lich-gap-mat-2024.txt": [
        ("14h00 ngày 10/11/2024", "Gặp mặt các chi hội khu vực nội thành", None),
        ("8h30 ngày 8/12/2024", "Gặp mặt các chi hội khu vực ngoại thành", None),
    ],
    "thong-bao-lich-hoi-nghi-2024.txt": [
        ("8h00 ngày 9/11/2024", "Họp Ban Thường vụ chuẩn bị hội nghị", None),
        ("14h00 ngày 10/11/2024", "Gặp mặt các đồng chí nguyên lãnh đạo Hội", None),
        ("7h30 ngày 11/11/2024", "Hội nghị tổng kết công tác năm 2024", None),
        ("12/11/2024", "Các đoàn đại biểu về địa phương", None),
    ],
}
NOTHING = [
    "thong-bao-nghi-tet-2025.txt",
    "ke-hoach-tap-huan-2023.txt",
    "huong-dan-dai-hoi-chi-hoi-2023.txt",
    "cong-van-ho-tro-bao-lu-2024.txt",
    "thong-bao-ket-luan-hoi-nghi-2023.txt",
    "tin-hoi-nghi-so-ket-2023.txt",
    "tin-gap-mat-19-5-2024.txt",
]


def test_every_corpus_document_is_checked() -> None:
    assert sorted(p.name for p in CORPUS.glob("*.txt")) == sorted([*EXPECTED, *NOTHING])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_tasks_of_a_corpus_report_become_items(name: str) -> None:
    text = (CORPUS / name).read_text(encoding="utf-8")
    plan = read_document(text, filename=name, default_year=2030)
    got = [(format_period(r.period), r.title, r.responsible) for r in plan.table.rows]
    want = EXPECTED[name]
    assert len(got) == len(want)
    for (period, title, who), (w_period, w_title, w_who) in zip(got, want, strict=True):
        assert (period, who) == (w_period, w_who)
        assert title.startswith(w_title)
    for row in plan.table.rows:
        task = row.title.split(": ", 1)[-1]  # after the group's name, if any
        assert row.source is not None and task[:20].casefold() in row.source.casefold()
        assert text.splitlines()[row.line - 1].strip().startswith(row.source[:20])


@pytest.mark.parametrize("name", NOTHING)
def test_a_document_without_a_task_heading_gives_nothing(name: str) -> None:
    text = (CORPUS / name).read_text(encoding="utf-8")
    assert read_document(text, filename=name, default_year=2030).table.rows == []


HEADINGS = [
    ("PHƯƠNG HƯỚNG CÔNG TÁC QUÝ II", date(2026, 4, 1)),
    ("II- TRỌNG TÂM CÔNG TÁC QUÝ II. 2026", date(2026, 4, 1)),
    ("Nhiệm vụ trọng tâm 6 tháng cuối năm", date(2026, 7, 1)),
    ("**III. KẾ HOẠCH CÔNG TÁC QUÝ III/2026**", date(2026, 7, 1)),
    ("B- Phương hướng nhiệm vụ năm 2026", date(2026, 1, 1)),
]
MARKERS = ["1.", "2)", "3-", "A.", "b)", "c-", "-", "+", "•", "–"]
TASKS = ["Tổ chức gặp mặt hội viên", "Kiện toàn Ban Liên lạc", "Thăm hỏi hội viên ốm đau"]


@given(
    heading=st.sampled_from(HEADINGS),
    tasks=st.lists(st.tuples(st.sampled_from(MARKERS), st.sampled_from(TASKS)), min_size=1),
    wrapped=st.booleans(),
)
def test_each_marked_task_under_a_heading_is_one_item_with_its_period(
    heading: tuple[str, date], tasks: list[tuple[str, str]], wrapped: bool
) -> None:
    lines = ["Quý I, các Hội tổ chức nhiều hoạt động.", heading[0]]
    for marker, task in tasks:
        lines.append(f"{marker} {task}")
        if wrapped:
            lines.append("ở các chi hội cơ sở.")
    lines += ["Trên đây là báo cáo của Hội.", "", "Nơi nhận:", "- Lưu VP."]
    table = read_prose_tasks("\n".join(lines), year=2026)
    assert [row.title.split(" ở ")[0] for row in table.rows] == [task for _m, task in tasks]
    assert all(row.period.start == heading[1] for row in table.rows)
    assert all(row.title.endswith("cơ sở") is wrapped for row in table.rows)


@given(
    groups=st.lists(
        st.tuples(
            st.sampled_from(["Công tác tư tưởng:", "CÔNG TÁC TỔ CHỨC", "Công tác chính sách:"]),
            st.lists(st.sampled_from(TASKS), min_size=1, max_size=3),
        ),
        min_size=1,
        max_size=3,
    ),
    bullet=st.sampled_from(["-", "+", "a)", "•"]),
    numbered=st.sampled_from(["{n}.", "{l}.", "{n})"]),
)
def test_tasks_under_a_group_line_keep_the_groups_name(
    groups: list[tuple[str, list[str]]], bullet: str, numbered: str
) -> None:
    lines = ["II- PHƯƠNG HƯỚNG CÔNG TÁC QUÝ III/2026"]
    want = []
    for n, (group, tasks) in enumerate(groups, start=1):
        lines.append(f"{numbered.format(n=n, l='ABC'[n - 1])} {group}")
        name = group.rstrip(":").capitalize() if group.isupper() else group.rstrip(":")
        for task in tasks:
            lines.append(f"{bullet} {task}")
            want.append(f"{name}: {task}")
    lines += ["", "Nơi nhận:", "- Lưu VP."]
    table = read_prose_tasks("\n".join(lines), year=2026)
    assert [row.title for row in table.rows] == want


@given(
    day=st.dates(date(2026, 1, 1), date(2026, 12, 31)),
    cue=st.sampled_from(["", "dịp ", "ngày "]),
    heading=st.sampled_from(["PHƯƠNG HƯỚNG QUÝ III/2026", "NHIỆM VỤ TRỌNG TÂM NĂM 2026"]),
)
def test_a_bare_day_in_a_task_is_its_day(day: date, cue: str, heading: str) -> None:
    text = f"{heading}\n- Gặp mặt truyền thống {cue}{day.day}/{day.month} tại Hội trường."
    (row,) = read_prose_tasks(text, year=2026).rows
    assert (row.period.start, row.period.end) == (day, day)
    text = f"{heading}\n- Chuẩn bị gặp mặt {day.day}/{day.month}, xong trước ngày 1/3/2026."
    (row,) = read_prose_tasks(text, year=2026).rows
    assert row.period.end == date(2026, 3, 1), "a named deadline wins over a bare day"


def test_the_dated_lines_of_a_schedule_notice_are_items() -> None:
    text = (
        "Lịch như sau:\nChiều 10/11, 14h00: gặp mặt.\nSáng 11/11: hội nghị.\nGhi chú: 2/3 số ghế."
    )
    rows = read_prose_tasks(text, year=2026, schedule_notice=True).rows
    assert [(r.title, r.period.start, r.period.at) for r in rows] == [
        ("Gặp mặt", date(2026, 11, 10), time(14)),
        ("Hội nghị", date(2026, 11, 11), None),
    ]
    assert read_prose_tasks(text, year=2026).rows == [], "not in a report"


@given(
    when=st.sampled_from(
        [("trong tháng 4", date(2026, 4, 30)), ("xong trước ngày 30/3/2026", date(2026, 3, 30))]
    ),
    who=st.sampled_from(
        ["Ban Tổ chức", "Văn phòng Trung ương Hội", "Ban Tuyên truyền – Thi đua", "Ủy ban Kiểm tra"]
    ),
)
def test_a_task_keeps_its_own_period_and_its_in_charge(when: tuple[str, date], who: str) -> None:
    text = f"II- PHƯƠNG HƯỚNG CÔNG TÁC QUÝ II/2026\n1. Kiện toàn chi hội {when[0]}; {who} chủ trì."
    (row,) = read_prose_tasks(text, year=2026).rows
    assert (row.period.end, row.responsible) == (when[1], who)
    assert row.title == f"Kiện toàn chi hội {when[0]}"


def test_a_look_back_and_the_title_are_not_plans() -> None:
    text = (
        "BÁO CÁO\nSơ kết quý I và phương hướng nhiệm vụ quý II năm 2026\n"
        "I- KẾT QUẢ QUÝ I\n1. Đã gặp mặt hội viên.\n"
        "Nhiệm vụ quý I/2026\n- Việc đã làm xong.\n"
    )
    assert read_prose_tasks(text, year=2026, body_start=2, issued_on=date(2026, 4, 2)).rows == []
    assert in_charge("Tổ chức hội nghị") == ("Tổ chức hội nghị", None)
