"""Next period's tasks written as prose become calendar items (issue 10, item 5): the dry run
shows each with its line, the admin confirms, in the CLI and in the chat; a document with
nothing to import makes `schedule import` fail with a clear message."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from storage.db import Database
from tests.e2e.schedule.test_import import hoibot, items
from tests.fakes.paths import DATA
from tests.fakes.rig import Rig

CORPUS = DATA / "corpus" / "documents"
DRAFT_Q1 = CORPUS / "du-thao-bao-cao-quy-1-2022.txt"
REPORT_Q3 = CORPUS / "bao-cao-quy-3-2024.txt"


async def test_cli_shows_each_task_with_its_line_then_saves_them(
    demo_db: Database, tmp_path: Path
) -> None:
    dry = hoibot(demo_db, tmp_path, "schedule", "import", str(DRAFT_Q1), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    lines = dry.stdout.splitlines()
    assert "Đọc được 4 mục:" in lines
    assert (
        "  3 · trong tháng 4/2022 · Kiện toàn Ban Liên lạc các đơn vị truyền thống còn thiếu "
        "cán bộ chủ trì trong tháng 4 · phụ trách: Ban Tổ chức [mới]" in lines
    )
    assert (
        "      ↳ dòng 16: 3. Kiện toàn Ban Liên lạc các đơn vị truyền thống còn thiếu cán bộ "
        "chủ trì trong tháng 4;…" in lines
    )
    assert any(line.startswith("  2 · trước ngày 30/6/2022 · Hoàn thành sơ kết") for line in lines)
    assert any(line.startswith("  4 · trong quý II/2022 · Tiếp tục vận động") for line in lines)
    assert await items(demo_db) == []

    real = hoibot(demo_db, tmp_path, "schedule", "import", str(DRAFT_Q1))
    assert real.returncode == 0, real.stderr
    found = await items(demo_db)
    assert sorted((i.title[:12], i.start_on, i.end_on, i.responsible) for i in found) == [
        ("Hoàn thành s", None, date(2022, 6, 30), None),
        ("Kiện toàn Ba", date(2022, 4, 1), date(2022, 4, 30), "Ban Tổ chức"),
        ("Tiếp tục vận", date(2022, 4, 1), date(2022, 6, 30), None),
        ("Tổ chức các ", date(2022, 5, 19), date(2022, 5, 19), "Ban Tuyên truyền – Thi đua"),
    ]
    again = hoibot(demo_db, tmp_path, "schedule", "import", str(DRAFT_Q1))
    assert "Đã nhập: 0 mục mới, 0 mục cập nhật, 4 mục không đổi:" in again.stdout


def test_cli_fails_when_a_document_has_nothing_to_import(demo_db: Database, tmp_path: Path) -> None:
    for name in ("tin-hoi-nghi-so-ket-2023.txt", "ke-hoach-tap-huan-2023.txt"):
        result = hoibot(demo_db, tmp_path, "schedule", "import", str(CORPUS / name))
        assert result.returncode == 1, name
        assert "Không có gì để đưa vào lịch từ" in result.stderr
        assert "PHƯƠNG HƯỚNG CÔNG TÁC QUÝ II" in result.stderr


async def test_an_admin_imports_prose_tasks_in_the_chat(rig: Rig) -> None:
    admin = rig.admin
    await admin.send("/nhaplich")
    await admin.send_document(REPORT_Q3.name, REPORT_Q3.read_bytes(), mime_type="text/plain")
    preview = admin.last.text or ""
    assert "Đọc được 5 mục:" in preview
    assert "  1 · trước ngày 30/11/2024 · Tổ chức đại hội các chi hội còn lại" in preview
    assert "      ↳ dòng 12: A. Tổ chức đại hội các chi hội còn lại" in preview
    assert "Tổng kết công tác Hội năm 2024 · phụ trách: Văn phòng Hội [mới]" in preview
    assert await items(rig.db) == []
    await admin.press("✅ Lưu 5 mục")
    assert "Đã nhập: 5 mục mới" in (admin.last.text or "")
    saved = await items(rig.db)
    assert len(saved) == 5
    await rig.member_tb.send("/lich tháng 12/2024")
    assert "Các huyện hội gửi báo cáo tổng kết" in (rig.member_tb.last.text or "")


def test_cli_reads_a_schedule_notices_dated_lines(demo_db: Database, tmp_path: Path) -> None:
    notice = CORPUS / "thong-bao-lich-hoi-nghi-2024.txt"
    dry = hoibot(demo_db, tmp_path, "schedule", "import", str(notice), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "Đọc được 4 mục:" in dry.stdout.splitlines()
    assert any(
        line.startswith("  3 · ") and "11/11/2024" in line and "Hội nghị tổng kết" in line
        for line in dry.stdout.splitlines()
    ), dry.stdout
