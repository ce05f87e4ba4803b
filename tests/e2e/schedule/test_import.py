"""Importing the 2024 key-task table: with `hoibot schedule import`, and through the bot."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from sqlalchemy import select

from storage.db import Database
from storage.models import ItemAudience, ItemStatus, ScheduleItem
from tests.fakes.paths import DATA, ROOT
from tests.fakes.rig import Rig

GUIDANCE = DATA / "huong-dan-cong-tac-dan-van-2024.txt"


def hoibot(db: Database, folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The real command, as an operator runs it, against the test database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HOIBOT_", "TELEGRAM_"))}
    env.update({"HOIBOT_DATABASE_URL": db.url, "PYTHONPATH": str(ROOT)})
    return subprocess.run(
        [sys.executable, "-c", "import sys; from bot.cli import main; sys.exit(main())", *args],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


async def items(db: Database) -> list[ScheduleItem]:
    async with db.session() as session:
        query = select(ScheduleItem).order_by(ScheduleItem.start_on, ScheduleItem.id)
        return list((await session.execute(query)).scalars())


def by_title(found: list[ScheduleItem], start: str) -> ScheduleItem:
    (item,) = [item for item in found if item.title.startswith(start)]
    return item


async def test_cli_dry_run_then_import_then_reimport(demo_db: Database, tmp_path: Path) -> None:
    dry = hoibot(demo_db, tmp_path, "schedule", "import", str(GUIDANCE), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "Đọc được 8 mục:" in dry.stdout and "Chạy thử: chưa lưu gì." in dry.stdout
    assert "03.2 · dự kiến trong tháng 5/2024 · Phối hợp với Bộ Công an" in dry.stdout
    assert "05 · trong tháng 3–4, 11–12/2024" in dry.stdout
    assert await items(demo_db) == []

    real = hoibot(demo_db, tmp_path, "schedule", "import", str(GUIDANCE))
    assert real.returncode == 0, real.stderr
    assert "Đã nhập: 8 mục mới, 0 mục cập nhật, 0 mục không đổi:" in real.stdout
    found = await items(demo_db)
    assert len(found) == 8
    expected = {
        "Hướng dẫn triển khai": ("months", date(2024, 1, 1), date(2024, 12, 31), "tháng 1-12/2024"),
        "Phối hợp với Ban dân vận": ("quarter", date(2024, 1, 1), date(2024, 3, 31), "quý I/2024"),
        "Phối hợp với các đơn vị liên quan tổ chức các hoạt động": (
            "months",
            date(2024, 3, 1),
            date(2024, 4, 30),
            "tháng 3, 4/2024",
        ),
        "Phối hợp với Bộ Công an": (
            "month",
            date(2024, 5, 1),
            date(2024, 5, 31),
            "dự kiến tháng 5/2024",
        ),
        "Sơ kết báo cáo": ("month", date(2024, 6, 1), date(2024, 6, 30), "tháng 6/2024"),
        "Phối hợp với các đơn vị liên quan tổ chức tuyên truyền": (
            "months",
            date(2024, 3, 1),
            date(2024, 12, 31),
            "tháng 3, 4 và 11, 12/2024",
        ),
        "Tham gia các đoàn kiểm tra": (
            "months",
            date(2024, 1, 1),
            date(2024, 12, 31),
            "tháng 1-12/2024",
        ),
        "Tổng kết các mặt": ("month", date(2024, 11, 1), date(2024, 11, 30), "tháng 11/2024"),
    }
    for start, (precision, first, last, text) in expected.items():
        item = by_title(found, start)
        assert (item.precision, item.start_on, item.end_on, item.period_text) == (
            precision,
            first,
            last,
            text,
        ), start
        assert item.audience is ItemAudience.EVERYONE and item.status is ItemStatus.PLANNED
        assert item.source_ref == "Hướng dẫn “Công tác Dân vận năm 2024” ngày 12/01/2024"
    assert by_title(found, "Phối hợp với Bộ Công an").responsible == (
        "Ban Tuyên giáo. Tỉnh hội Đồng Tháp"
    )
    assert by_title(found, "Phối hợp với Bộ Công an").period_written == "T5/2024"

    again = hoibot(demo_db, tmp_path, "schedule", "import", str(GUIDANCE))
    assert "Đã nhập: 0 mục mới, 0 mục cập nhật, 8 mục không đổi:" in again.stdout
    assert len(await items(demo_db)) == 8

    changed = tmp_path / "sua.txt"
    changed.write_text(GUIDANCE.read_text(encoding="utf-8").replace("\t11/2024\t", "\t12/2024\t"))
    fixed = hoibot(demo_db, tmp_path, "schedule", "import", str(changed))
    assert "0 mục mới, 1 mục cập nhật, 7 mục không đổi" in fixed.stdout
    assert by_title(await items(demo_db), "Tổng kết các mặt").start_on == date(2024, 12, 1)


async def test_cli_csv_import_and_ics_export(demo_db: Database, tmp_path: Path) -> None:
    csv = tmp_path / "lich.csv"
    csv.write_text(
        "noi_dung,thoi_gian,dia_diem,don_vi,hang_nam\n"
        "Ngày truyền thống Bộ đội Trường Sơn,19/5/2025,Hội trường,*,x\n"
        "Họp Hà Nội,8h00 ngày 3/6/2025,,HN,\n"
        "Họp đơn vị lạ,3/6/2025,,XX,\n",
        encoding="utf-8",
    )
    result = hoibot(demo_db, tmp_path, "schedule", "import", str(csv), "--unit", "TW")
    assert result.returncode == 0, result.stderr
    assert "Đã nhập: 2 mục mới" in result.stdout
    assert "không có đơn vị XX" in result.stdout
    found = await items(demo_db)
    assert [(i.title, i.recurring, i.audience) for i in found] == [
        ("Ngày truyền thống Bộ đội Trường Sơn", True, ItemAudience.EVERYONE),
        ("Họp Hà Nội", False, ItemAudience.SUBTREE),
    ]
    out = tmp_path / "lich.ics"
    export = hoibot(demo_db, tmp_path, "schedule", "export", "--ics", str(out), "--unit", "HN")
    assert export.returncode == 0, export.stderr
    content = out.read_bytes().decode()
    assert content.count("BEGIN:VEVENT") == 2
    assert "DTSTART:20250603T010000Z" in content, "8h00 in Hà Nội is 01:00 UTC"
    other = hoibot(demo_db, tmp_path, "schedule", "export", "--ics", str(out), "--unit", "TB")
    assert other.returncode == 0
    assert out.read_bytes().decode().count("BEGIN:VEVENT") == 1


def test_cli_says_what_is_wrong(db: Database, tmp_path: Path) -> None:
    prose = tmp_path / "van-ban.txt"
    prose.write_text("Không có bảng nào.", encoding="utf-8")
    result = hoibot(db, tmp_path, "schedule", "import", str(prose))
    assert result.returncode == 1 and "Không có gì để đưa vào lịch từ" in result.stderr
    missing = hoibot(db, tmp_path, "schedule", "import", str(tmp_path / "khong-co.txt"))
    assert missing.returncode == 1 and "khong-co.txt" in missing.stderr
    unknown = hoibot(db, tmp_path, "schedule", "import", str(GUIDANCE), "--unit", "XX")
    assert unknown.returncode == 1 and "Không có đơn vị XX" in unknown.stderr


async def test_an_admin_sends_the_document_and_confirms(rig: Rig) -> None:
    admin = rig.admin
    await admin.send("/nhaplich")
    assert "Xin gửi văn bản" in (admin.last.text or "")
    await admin.send_document("huong-dan-2024.txt", GUIDANCE.read_bytes(), mime_type="text/plain")
    preview = admin.last.text or ""
    assert "Nhập lịch (chưa lưu)" in preview and "Đọc được 8 mục:" in preview
    assert "Nguồn: Hướng dẫn “Công tác Dân vận năm 2024”" in preview
    assert admin.last.labels() == ["✅ Lưu 8 mục", "❌ Bỏ qua"]
    assert await items(rig.db) == []
    await admin.press("✅ Lưu 8 mục")
    assert "Đã nhập: 8 mục mới" in (admin.last.text or "")
    assert len(await items(rig.db)) == 8
    await rig.member_tb.send("/lich tháng 5/2024")
    text = rig.member_tb.last.text or ""
    assert "dự kiến trong tháng 5/2024" in text and "Phối hợp với Bộ Công an" in text
    await admin.press_data("1|lim|ok", admin.seen[-1])
    assert admin.callback_answers[-1] == "Nút này không còn dùng được. Xin gửi lại lệnh."
    assert len(await items(rig.db)) == 8


async def test_pasted_table_is_recognised_and_can_be_dropped(rig: Rig) -> None:
    table = GUIDANCE.read_text(encoding="utf-8").split("\n\n\n\n")[-1].strip()
    assert table.startswith("TT\tNội dung")
    await rig.admin.send(table)
    assert "Đọc được 8 mục:" in (rig.admin.last.text or "")
    await rig.admin.press("❌ Bỏ qua")
    assert await items(rig.db) == []


async def test_documents_of_others_are_left_alone(rig: Rig) -> None:
    content = GUIDANCE.read_bytes()
    await rig.admin.send_document("huong-dan-2024.txt", content, caption="Lịch công tác")
    assert "Nhập lịch" not in (rig.admin.last.text or ""), "without /nhaplich: a directive"
    await rig.member_hn.send_document("huong-dan-2024.txt", content, caption="lịch")
    assert "Nhập lịch" not in (rig.member_hn.last.text or "")
    await rig.lead_hn.send("/nhaplich")
    assert "dành cho lãnh đạo hội" in (rig.lead_hn.last.text or "")
    await rig.admin.send("/nhaplich")
    await rig.admin.send_document("anh.jpg", b"\xff\xd8", mime_type="image/jpeg")
    assert "Xin gửi tệp .docx, .pdf, .txt hoặc .csv" in (rig.admin.last.text or "")
    await rig.admin.send("Văn bản không có bảng")
    assert "Không thấy gì để đưa vào lịch" in (rig.admin.last.text or "")
    assert await items(rig.db) == []
