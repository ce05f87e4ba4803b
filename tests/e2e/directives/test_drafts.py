"""Documents are what they are (issue 10, item 4): a draft goes out only for comment, on
purpose, and its recipients see it marked; a news article is no directive; "Nơi nhận" is
found despite typos, or said to be missing. Through the CLI and through the chat."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from storage.models import Directive, DirectiveState
from tests.e2e.directives.test_cli import count, hoibot
from tests.fakes.delivery import MEMBER_HN, deliver, meet_everyone, pushed, seen_counts
from tests.fakes.paths import DATA
from tests.fakes.rig import Rig

CORPUS = DATA / "corpus" / "documents"
DRAFT = CORPUS / "du-thao-bao-cao-quy-1-2022.txt"
NEWS = CORPUS / "tin-hoi-nghi-so-ket-2023.txt"
TYPO = CORPUS / "huong-dan-dai-hoi-chi-hoi-2023.txt"


async def stored(rig: Rig) -> list[Directive]:
    async with rig.db.session() as session:
        return list((await session.execute(select(Directive).order_by(Directive.id))).scalars())


async def test_a_draft_is_refused_with_yes_and_goes_for_comment_only_with_draft(
    rig: Rig, tmp_path: Path
) -> None:
    meet_everyone(rig)
    args = ("directive", "publish", str(DRAFT), "--recipients", "HN", "--yes")
    code, out, err = await hoibot(rig, tmp_path, *args)
    assert code == 1
    lines = out.splitlines()
    assert "⚠️ DỰ THẢO: văn bản này là dự thảo. Chỉ gửi được để xin ý kiến, dưới dạng dự thảo." in (
        lines
    )
    assert "Số: (chưa có)" in lines and "Ngày: (chưa có)" in lines
    assert "Còn thiếu: số (còn để trống), ngày ký (còn để trống), người ký" in lines
    assert "đây là dự thảo: chỉ gửi được để xin ý kiến, dưới dạng dự thảo" in err
    assert "Muốn gửi dự thảo để xin ý kiến, thêm --draft." in err
    assert await count(rig, Directive) == 0, "nothing saved"

    code, out, err = await hoibot(rig, tmp_path, *args, "--draft")
    assert code == 0, err
    (directive,) = await stored(rig)
    assert (directive.state, directive.for_comment) == (DirectiveState.PUBLISHED, True)
    before = seen_counts(rig)
    await deliver(rig)
    push = pushed(rig, before)[MEMBER_HN][-1]
    assert push.startswith("📝 DỰ THẢO, xin ý kiến: chưa có hiệu lực\n📄 BÁO CÁO\n")
    assert "👉 Văn bản gửi để xin ý kiến: xin gửi ý kiến góp ý." in push
    assert rig.member_hn.last.labels() == ["✅ Đã nhận", "📖 Xem toàn văn"], "nothing to carry out"
    await rig.member_hn.send("/chidao")
    assert "📝 (dự thảo) Sơ kết công tác quý I" in (rig.member_hn.last.text or "")


async def test_filling_in_the_blank_number_and_day_is_not_enough_when_it_says_du_thao(
    rig: Rig, tmp_path: Path
) -> None:
    args = ("directive", "publish", str(DRAFT), "--recipients", "HN", "--yes")
    code, _out, err = await hoibot(
        rig, tmp_path, *args, "--number", "15/BC-HTS", "--date", "25/3/2022"
    )
    assert code == 1 and "đây là dự thảo" in err


async def test_a_news_article_is_not_a_directive_until_the_admin_fills_its_fields(
    rig: Rig, tmp_path: Path
) -> None:
    meet_everyone(rig)
    args = ("directive", "publish", str(NEWS), "--recipients", "HN", "--yes")
    code, out, err = await hoibot(rig, tmp_path, *args)
    assert code == 1
    assert out.startswith("⚠️ Không phải văn bản chỉ đạo: không có số, loại văn bản, người ký")
    assert "⚠️ Không thấy mục “Nơi nhận” trong văn bản: xin chọn nơi nhận." in out.splitlines()
    assert "đây không phải văn bản chỉ đạo" in err
    assert await count(rig, Directive) == 0

    fixed = ("--kind", "thong_bao", "--number", "70/TB-HTS", "--title", "Tin hội nghị sơ kết")
    code, out, err = await hoibot(rig, tmp_path, *args, *fixed)
    assert code == 0, err
    (directive,) = await stored(rig)
    assert (directive.kind, directive.number) == ("Thông báo", "70/TB-HTS")


async def test_recipients_under_a_misspelt_heading_and_a_bold_signature_are_read(
    rig: Rig, tmp_path: Path
) -> None:
    code, out, err = await hoibot(rig, tmp_path, "directive", "publish", str(TYPO), "--dry-run")
    assert code == 0, err
    lines = out.splitlines()
    assert "Người ký: TM. BAN CHẤP HÀNH / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / Đại tá Trần Quang Minh" in (
        lines
    )
    written = lines[lines.index("Nơi nhận ghi trong văn bản:") + 1 :][:3]
    assert written == [
        "  - Các Hội tỉnh, thành phố",
        "  - Hội Trường Sơn Sư đoàn 470",
        "  - VT, BTC",
    ]
    assert "Nơi nhận" not in " ".join(lines[: lines.index("Nơi nhận ghi trong văn bản:")])


async def test_in_the_chat_a_draft_has_its_own_button_and_reaches_members_marked(
    rig: Rig,
) -> None:
    admin = rig.admin
    text = DRAFT.read_text(encoding="utf-8")
    text = text.replace("- Các Hội thành viên;", "- Hội Trường Sơn TP Hà Nội (để t/h);")
    await admin.send_document(DRAFT.name, text.encode(), mime_type="text/plain")
    card = admin.last.text or ""
    assert "⚠️ DỰ THẢO: văn bản này là dự thảo. Chỉ gửi được để xin ý kiến, dưới dạng dự thảo." in (
        card.splitlines()
    )
    assert "Còn thiếu: số (còn để trống), ngày ký (còn để trống), người ký" in card
    assert "📝 Gửi dự thảo xin ý kiến" in admin.last.labels()

    await admin.press("✅ Phát hành")
    assert "đây là dự thảo: chỉ gửi được để xin ý kiến" in admin.callback_answers[-1]
    assert (await stored(rig))[0].state is DirectiveState.DRAFT

    await admin.press("📝 Gửi dự thảo xin ý kiến")
    assert (admin.last.text or "").startswith("Gửi dự thảo Báo cáo (mã ")
    assert "Người nhận sẽ thấy ghi rõ DỰ THẢO." in (admin.last.text or "")
    await admin.press("📝 Gửi xin ý kiến ngay")
    (directive,) = await stored(rig)
    assert (directive.state, directive.for_comment) == (DirectiveState.PUBLISHED, True)
    before = seen_counts(rig)
    await deliver(rig)
    got = pushed(rig, before)
    assert got, "the draft reached its recipients"
    assert all(texts[-1].startswith("📝 DỰ THẢO, xin ý kiến") for texts in got.values())


async def test_in_the_chat_a_news_article_cannot_be_published(rig: Rig) -> None:
    admin = rig.admin
    await admin.send_document(NEWS.name, NEWS.read_bytes(), mime_type="text/plain")
    card = admin.last.text or ""
    assert "⚠️ Không phải văn bản chỉ đạo: không có số, loại văn bản, người ký" in card
    assert "⚠️ Không thấy mục “Nơi nhận” trong văn bản: xin chọn nơi nhận." in card
    assert "📝 Gửi dự thảo xin ý kiến" not in admin.last.labels()
    await admin.press("✅ Phát hành")
    assert "đây không phải văn bản chỉ đạo" in admin.callback_answers[-1]
    assert (await stored(rig))[0].state is DirectiveState.DRAFT


async def test_in_the_chat_a_misspelt_heading_and_a_bold_signature_are_read(rig: Rig) -> None:
    admin = rig.admin
    await admin.send_document(TYPO.name, TYPO.read_bytes(), mime_type="text/plain")
    card = (admin.last.text or "").splitlines()
    assert "Người ký: TM. BAN CHẤP HÀNH / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH — Đại tá Trần Quang Minh" in (
        card
    )
    written = card[card.index("Nơi nhận ghi trong văn bản:") + 1 :][:4]
    assert written == [
        " • Các Hội tỉnh, thành phố",
        " • Hội Trường Sơn Sư đoàn 470",
        " • VT, BTC",
        "",
    ]
    assert not any("Không thấy mục “Nơi nhận”" in line for line in card)
