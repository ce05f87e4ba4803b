"""`hoibot try`: the real bot, offline, scripted through standard input."""

from __future__ import annotations

import os
import subprocess
import sys


def run_try(script: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HOIBOT_", "TELEGRAM_"))}
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "try"],
        input=script,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def test_scripted_session_switches_people_presses_buttons_and_ends_cleanly() -> None:
    result = run_try("/toi\n:as 2\n/ngonngu\n2\n/toi\n:as 11\nxin chào\n1\n/toi\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "🤖 Nguyễn Văn An\n   • Trung ương Hội: cơ quan Trung ương Hội (quản trị)" in out
    assert "Bây giờ bạn là Trần Thị Bình." in out
    assert "   [1] Tiếng Việt\n   [2] English" in out
    assert "Language set to English." in out
    assert "• Hội Trường Sơn TP Hà Nội: chapter lead" in out
    assert "[1] 📱 Chia sẻ số điện thoại của tôi" in out
    assert "Chào mừng đồng chí Trịnh Văn Minh!" in out, "the stranger joined by sharing a number"
    assert out.rstrip().endswith("Ngôn ngữ: Tiếng Việt")
    assert result.stderr == "", "nothing but the chat on the terminal"


def test_a_demo_invite_code_works() -> None:
    result = run_try(":as 11\n/start thaibinh\n")
    assert "/start thaibinh" in result.stdout.splitlines()[2], "the intro shows the demo code"
    assert (
        "Đồng chí đã tham gia Hội Trường Sơn tỉnh Thái Bình với vai trò hội viên" in result.stdout
    )


def test_an_announcement_reaches_a_member_in_a_scripted_session() -> None:
    result = run_try("/thongbao Họp chi hội lúc 8:00 thứ Hai\n1\n3\n1\n:as 3\n")
    member_view = result.stdout.split("Bây giờ bạn là Lê Văn Cường.", 1)[1]
    assert "📣 Thông báo của Trung ương Hội" in member_view
    assert "Họp chi hội lúc 8:00 thứ Hai" in member_view


def test_a_newcomer_sees_every_feature_at_work() -> None:
    result = run_try("/lich\n/baocao tiendo\n:as 3\n/chidao\n")
    out = result.stdout
    intro = out.split("» /lich", 1)[0]
    assert "Thử xem:" in intro
    for person in ("là cơ quan Trung ương (1)", "là lãnh đạo hội (:as 2)", "là hội viên (:as 3)"):
        assert person in intro, person
    calendar = out.split("» /lich", 1)[1].split("» /baocao", 1)[0]
    assert calendar.count(" · #") >= 3, "a few calendar items for the office"
    assert "Ngày sẽ báo sau" in calendar, "one with its day still to be announced"
    progress = out.split("» /baocao tiendo", 1)[1].split("» :as 3", 1)[0]
    assert "Phải báo cáo: 5 · đã gửi: 2" in progress, "an open period, some units reported"
    member = out.split("Bây giờ bạn là Lê Văn Cường.", 1)[1]
    assert "📣 Thông báo của Trung ương Hội" in member, "a past announcement"
    assert "18/KH-HTS" in member.split("» /chidao", 1)[1], "a published directive"


def test_the_demo_directive_shows_confirmations() -> None:
    result = run_try("/chidao 18/KH-HTS tiendo\n")
    assert "Đã nhận: 2/" in result.stdout and "Đã triển khai: 1/" in result.stdout
