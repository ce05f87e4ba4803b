"""What the fuzzer found, kept as plain end-to-end tests (they run without the slow mark)."""

from __future__ import annotations

from tests.fakes.rig import Rig, refusals


async def test_a_typed_reference_is_quoted_back_escaped_and_shortened(rig: Rig) -> None:
    admin = rig.admin
    await admin.send("/chidao <b>&")
    assert "<b>&" in (admin.last.text or ""), "shown as typed, escaped"
    long = "Báo cáo tri ân & <b>nghĩa tình</b> " * 150
    await admin.send(f"/chidao {long}")
    answer = admin.last.text or ""
    assert "…" in answer and len(answer) < 200, answer
    assert not refusals(rig.fake)


async def test_the_same_language_chosen_twice_is_no_error(rig: Rig) -> None:
    admin = rig.admin
    await admin.send("/ngonngu")
    await admin.press("English")
    first = admin.last
    await admin.press_data("1|lang|en", first)
    assert admin.unanswered_presses == 0
    assert "hệ thống vừa gặp sự cố" not in "".join(admin.texts())


async def test_a_nul_character_in_a_message_is_dropped_not_fatal(rig: Rig) -> None:
    """PostgreSQL cannot store U+0000 in text: found by the fuzzer as '/start \\x00'."""
    admin = rig.admin
    await admin.send("/start \x00")
    assert "Chào mừng" in (admin.last.text or "")
    await admin.send("xin\x00 chào")
    assert "/help" in (admin.last.text or "")
    assert "hệ thống vừa gặp sự cố" not in "".join(admin.texts())


async def test_a_button_whose_message_has_no_text_gets_a_new_message(rig: Rig) -> None:
    """Found by the fuzzer: the month picker pressed on the calendar file (a document)."""
    member = rig.member_hn
    await member.send("/lich")
    await member.press("📥 Lịch điện thoại")
    document = member.last
    assert document.document is not None
    await member.press_data("1|lm|2026", document)
    assert "2026" in (member.last.text or "") and member.last is not document
    assert member.unanswered_presses == 0
    assert "hệ thống vừa gặp sự cố" not in "".join(member.texts())
    assert not refusals(rig.fake), refusals(rig.fake)


async def test_a_document_with_a_nul_inside_is_read_without_it(rig: Rig) -> None:
    """Found by the fuzzer on PostgreSQL: an admin's .txt file holding '0\\x00'."""
    admin = rig.admin
    await admin.send("/start")
    await admin.send_document("bao-cao.txt", b"0\x00", mime_type="text/plain")
    assert "hệ thống vừa gặp sự cố" not in "".join(admin.texts())
    assert admin.last.text, "the draft card, or a question about it"
    assert not refusals(rig.fake), refusals(rig.fake)
