"""`hoibot directive publish`, run as a real process against the test database, the fake
Telegram (to upload the file once) and a web server on loopback (for URLs)."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web
from sqlalchemy import func, select

from storage.models import Delivery, Directive
from tests.fakes.delivery import (
    GUIDANCE_2024,
    LEAD_HN,
    LEAD_SD470,
    MEMBER_SD470,
    PLAN_2020,
    deliver,
    meet_everyone,
    pushed,
    sample,
    seen_counts,
)
from tests.fakes.paths import DATA, ROOT
from tests.fakes.rig import TOKEN, Rig


async def hoibot(
    rig: Rig, folder: Path, *args: str, answer: str = "", settings: dict[str, str] | None = None
) -> tuple[int, str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HOIBOT_", "TELEGRAM_"))}
    env.update(settings or {})
    env.update(
        {
            "HOIBOT_DATABASE_URL": rig.db.url,
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "HOIBOT_TELEGRAM_API_URL": rig.fake.base_url,
            "PYTHONPATH": os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]),
        }
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        *args,
        cwd=folder,
        env=env,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(answer.encode()), 60)
    return process.returncode or 0, out.decode(), err.decode()


async def count(rig: Rig, model: type) -> int:
    async with rig.db.session() as session:
        return int((await session.execute(select(func.count()).select_from(model))).scalar_one())


@pytest.fixture
async def site() -> AsyncIterator[str]:
    """A web server on loopback with the guidance as an office's site would serve it."""

    async def guidance(request: web.Request) -> web.Response:
        return web.Response(body=sample(GUIDANCE_2024), content_type="text/plain", charset="utf-8")

    app = web.Application()
    app.router.add_get("/van-ban/huong-dan-dan-van.txt", guidance)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    server = web.TCPSite(runner, "127.0.0.1", 0)
    await server.start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}"
    finally:
        await runner.cleanup()


async def test_dry_run_shows_every_field_and_saves_nothing(rig: Rig, tmp_path: Path) -> None:
    code, out, err = await hoibot(
        rig, tmp_path, "directive", "publish", str(DATA / PLAN_2020), "--dry-run"
    )
    assert code == 0, err
    lines = out.splitlines()
    for line in (
        "Loại: Kế hoạch",
        "Số: 72/HTS",
        "Nơi ban hành: Hà Nội",
        "Ngày: 8/9/2020",
        "Tiêu đề: Kiểm tra, nắm tình hình công tác Thi đua khen thưởng năm 2020",
        "Người ký: TM- BAN CHẤP HÀNH / CHỦ TỊCH / Thiếu tướng Võ Sở",
        "  - Các Hội, BLL có tên trên",
        "  1. Hội Trường Sơn TP Hà Nội (chỉ đơn vị này) · mọi hội viên · để thực hiện",
        "  4. Hội Nữ CSTS tỉnh Thái Bình (chỉ đơn vị này) · mọi hội viên · để thực hiện",
        "  → 8 người (7 người nhận được qua Telegram)",
        "Chạy thử: không lưu và không gửi gì.",
    ):
        assert line in lines, line
    assert (await count(rig, Directive), await count(rig, Delivery)) == (0, 0)

    code, out, _err = await hoibot(
        rig, tmp_path, "directive", "publish", str(DATA / GUIDANCE_2024), "--dry-run"
    )
    assert "Số: (chưa có)" in out.splitlines() and "Còn thiếu: số văn bản" in out


async def test_a_file_is_published_with_yes_and_reaches_the_members(
    rig: Rig, tmp_path: Path
) -> None:
    # The office's admin has a chat with the bot: the file is uploaded there once.
    meet_everyone(rig)
    code, out, err = await hoibot(
        rig, tmp_path, "directive", "publish", str(DATA / PLAN_2020), "--yes"
    )
    assert code == 0, err
    assert "Đã phát hành Kế hoạch số 72/HTS đến 8 người; 7 tin đang chờ gửi." in out
    assert "Theo dõi ai đã nhận: /chidao 72/HTS tiendo" in out
    upload = rig.admin.last
    assert upload.document_name == PLAN_2020
    assert upload.caption == "Tệp của Kế hoạch số 72/HTS, phát hành từ dòng lệnh."

    before = seen_counts(rig)
    await deliver(rig)
    assert len(pushed(rig, before)) == 7
    push = rig.member_hn.last
    assert push.document_name == PLAN_2020
    assert push.document is not None and push.document.content == sample(PLAN_2020)
    assert push.caption.startswith("📄 KẾ HOẠCH số 72/HTS ngày 8/9/2020")  # type: ignore[union-attr]


async def test_a_url_is_fetched_and_options_set_the_recipients_and_the_number(
    rig: Rig, tmp_path: Path, site: str
) -> None:
    meet_everyone(rig)
    url = f"{site}/van-ban/huong-dan-dan-van.txt"
    code, out, err = await hoibot(
        rig,
        tmp_path,
        "directive",
        "publish",
        url,
        "--recipients",
        "HN+:leads, SD470:info",
        "--number",
        "05/HD-CCB",
        "--yes",
    )
    assert code == 0, err
    assert "Số: 05/HD-CCB" in out.splitlines()
    assert (
        "  1. Hội Trường Sơn TP Hà Nội và các đơn vị trực thuộc · chỉ lãnh đạo · để thực hiện"
        in out
    )
    assert "  2. Hội Trường Sơn Sư đoàn 470 (chỉ đơn vị này) · mọi hội viên · để biết" in out
    before = seen_counts(rig)
    await deliver(rig)
    assert sorted(pushed(rig, before)) == [LEAD_HN, LEAD_SD470, MEMBER_SD470]
    assert rig.lead_hn.last.document_name == "huong-dan-dan-van.txt"
    assert rig.person(MEMBER_SD470).last.labels() == ["✅ Đã nhận", "📖 Xem toàn văn"]


async def test_bad_input_is_refused_clearly_and_saves_nothing(
    rig: Rig, tmp_path: Path, site: str
) -> None:
    cases = [
        (
            [f"{site}/van-ban/khong-co.txt"],
            f"Không tải được {site}/van-ban/khong-co.txt: máy chủ trả lời mã 404.",
        ),
        (["khong-co.docx"], "Không mở được khong-co.docx: No such file or directory"),
        ([str(DATA / PLAN_2020), "--recipients", "XX"], "Không có đơn vị XX."),
        (
            [str(DATA / PLAN_2020), "--recipients", "HN:boss"],
            "Không hiểu “boss” trong “HN:boss”: dùng :leads, :info, :all hoặc :act.",
        ),
        ([str(DATA / PLAN_2020), "--number", "bảy hai"], "“bảy hai” không giống số văn bản."),
    ]
    for args, problem in cases:
        code, _out, err = await hoibot(rig, tmp_path, "directive", "publish", *args, "--yes")
        assert code == 1 and problem in err, (args, err)

    (tmp_path / "loi-chuc.txt").write_text("Chúc mừng năm mới!", encoding="utf-8")
    code, out, err = await hoibot(rig, tmp_path, "directive", "publish", "loi-chuc.txt", "--yes")
    assert code == 1
    assert (
        "Chưa phát hành: đây không phải văn bản chỉ đạo (không có số, loại văn bản, người ký): "
        "nếu đúng là văn bản, hãy điền loại và số; chưa có tiêu đề; chưa chọn nơi nhận." in err
    )
    assert "Loại: (chưa có)" in out

    code, out, _err = await hoibot(
        rig, tmp_path, "directive", "publish", str(DATA / PLAN_2020), answer="k\n"
    )
    assert code == 1 and "Phát hành Kế hoạch số 72/HTS đến 8 người? [c/K]" in out
    assert out.rstrip().endswith("Chưa phát hành gì.")
    assert (await count(rig, Directive), await count(rig, Delivery)) == (0, 0)
