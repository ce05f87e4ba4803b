"""Tests for bot.directives.text: field extraction, summaries and file loading.

The two real documents live in tests/data/ (copies of shared/samples) so the
tests never reach outside the repository.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Callable
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.directives.text import (
    DirectiveDraft,
    DirectiveKind,
    Recipient,
    RecipientPurpose,
    UnsupportedDocument,
    extract_directive,
    load_text,
    summary,
)
from tests.fakes.encodings import cp1258
from tests.fakes.office_files import pdf_file
from tests.fakes.paths import DATA

ACT = RecipientPurpose.ACT
INFORM = RecipientPurpose.INFORM
ARCHIVE = RecipientPurpose.ARCHIVE


def sample(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def plan_2020() -> DirectiveDraft:
    return extract_directive(sample("ke-hoach-kiem-tra-thi-dua-2020.txt"))


@pytest.fixture(scope="module")
def guidance_2024() -> DirectiveDraft:
    return extract_directive(sample("huong-dan-cong-tac-dan-van-2024.txt"))


# --- the 2020 inspection plan: two-column header and signature -------------------


def test_plan_2020_header(plan_2020: DirectiveDraft) -> None:
    assert plan_2020.kind is DirectiveKind.KE_HOACH
    assert plan_2020.number == "72/HTS"
    assert plan_2020.place == "Hà Nội"
    assert plan_2020.issued_on == date(2020, 9, 8)
    assert plan_2020.title == "Kiểm tra, nắm tình hình công tác Thi đua khen thưởng năm 2020"
    assert plan_2020.issuer == "HỘI TRUYỀN THỐNG TRƯỜNG SƠN ĐƯỜNG HỒ CHÍ MINH VIỆT NAM"


def test_plan_2020_closing(plan_2020: DirectiveDraft) -> None:
    assert plan_2020.signer_title == "TM- BAN CHẤP HÀNH / CHỦ TỊCH"
    assert plan_2020.signer_name == "Thiếu tướng Võ Sở"
    assert plan_2020.recipients == (
        Recipient("Các Hội, BLL có tên trên", None),
        Recipient("VP, Ban TT-TĐ", ARCHIVE),
    )
    assert plan_2020.appendix is None
    assert plan_2020.missing == ()


def test_plan_2020_body(plan_2020: DirectiveDraft) -> None:
    paragraphs = plan_2020.body.split("\n")
    assert len(paragraphs) == 43
    assert paragraphs[0].startswith("Năm 2020, công tác Thi đua – Khen thưởng và phong trào")
    assert paragraphs[0].endswith(
        "đối với các Hội thành viên và BLL các đơn vị truyền thống, như sau:"
    )
    assert paragraphs[1] == "I- Mục đích, yêu cầu:"
    assert paragraphs[30] == "a- Hội hoặc Ban Liên lạc đơn vị truyền thống được kiểm tra:"
    assert paragraphs[-1].startswith("Đây là đợt kiểm tra thi đua, gắn với nắm kết quả toàn diện")
    assert paragraphs[-1].endswith("Điện thoại; 0915215351, 0983461152./.")
    # Whitespace tidied: no no-break spaces, no doubled blanks, no blank lines.
    assert "\u00a0" not in plan_2020.body
    assert "  " not in plan_2020.body
    assert all(paragraphs)
    # Neither the web page's preamble, the header, nor the closing leaks in.
    for stray in ("Ngày đăng", "Số: 72", "KẾ HOẠCH", "Nơi nhận", "CHỦ TỊCH", "Võ Sở"):
        assert stray not in plan_2020.body


# --- the 2024 guidance: no number, no organisation header, a key-task table -------


def test_guidance_2024_header(guidance_2024: DirectiveDraft) -> None:
    assert guidance_2024.kind is DirectiveKind.HUONG_DAN
    assert guidance_2024.number is None
    assert guidance_2024.place == "Hà Nội"
    assert guidance_2024.issued_on == date(2024, 1, 12)
    assert guidance_2024.title == "Công tác Dân vận năm 2024"
    assert guidance_2024.issuer is None
    assert guidance_2024.missing == ("number", "issuer")


def test_guidance_2024_closing(guidance_2024: DirectiveDraft) -> None:
    assert guidance_2024.signer_title == "KT/CHỦ TỊCH / PHÓ CHỦ TỊCH"
    assert guidance_2024.signer_name == "Khuất Việt Dũng"
    assert guidance_2024.recipients == (
        Recipient("Ban Dân vận TW", None),
        Recipient("Đảng ủy khối các cơ quan TW", None),
        Recipient("Thường trực TW hội", None),
        Recipient("63 tỉnh, thành, hội doanh nhân CCBVN, khối 487", ACT),
        Recipient("VT, TG. 71b(P)", ARCHIVE),
    )


def test_guidance_2024_appendix_is_the_key_task_table(guidance_2024: DirectiveDraft) -> None:
    appendix = guidance_2024.appendix
    assert appendix is not None
    rows = appendix.split("\n")
    assert rows[0] == "LỊCH MỘT SỐ TRONG TÂM"
    assert rows[1] == "TT\tNội dung\tThời gian\tPhụ trách"
    assert len(rows) == 9
    assert rows[2].split("\t") == [
        "01",
        "- Hướng dẫn triển khai nhiệm vụ, kế hoạch và tổ chức thực hiện công tác dân vận năm 2024.",
        "Tháng 01-12/2024",
        "Ban Tuyên giáo TW Hội, các tỉnh, thành Hội",
    ]
    assert rows[-1] == (
        "07\tTổng kết các mặt công tác dân vận năm 2024.\t11/2024\t"
        "Ban Tuyên giáo + các tỉnh, thành hội"
    )


def test_guidance_2024_body(guidance_2024: DirectiveDraft) -> None:
    body = guidance_2024.body
    paragraphs = body.split("\n")
    assert len(paragraphs) == 47
    assert paragraphs[0].startswith("Năm 2024 năm bản lề thực hiện Nghị quyết đại hội")
    assert paragraphs[2] == "1. Công tác quán triệt và triển khai thực hiện."
    assert paragraphs[-1].endswith("công tác dân vận ở các cấp hội sát thực và hiệu quả./.")
    # A paragraph that Word broke in two ("…của Bộ Chính trị" / "khóa XI ban hành…")
    # is joined again; one that starts with a capital is left alone.
    assert "của Bộ Chính trị khóa XI ban hành quy định" in body
    assert "của địa phương và của hội nhất là những địa bàn" in body
    for stray in ("Nơi nhận", "Khuất Việt Dũng", "LỊCH MỘT SỐ", "Tháng 01-12/2024", "HƯỚNG DẪN"):
        assert stray not in body


def _collapsed(text: str) -> str:
    return "\n".join(" ".join(line.split()) for line in text.splitlines())


def _no_blank_lines(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if line.strip())


def _crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


@pytest.mark.parametrize(
    "name", ["ke-hoach-kiem-tra-thi-dua-2020.txt", "huong-dan-cong-tac-dan-van-2024.txt"]
)
@pytest.mark.parametrize("mangle", [_collapsed, _no_blank_lines, _crlf])
def test_samples_survive_copy_and_paste_damage(name: str, mangle: Callable[[str], str]) -> None:
    """Pasting into a chat may squeeze the column gaps to one space, drop the
    blank lines or bring Windows line ends; the fields must not change."""
    original = extract_directive(sample(name))
    damaged = extract_directive(mangle(sample(name)))
    # Squeezing blanks also turns the table's tabs into spaces, so only the
    # appendix's presence and first line are compared.
    assert replace(damaged, appendix=None) == replace(original, appendix=None)
    assert (damaged.appendix or "").split("\n")[0] == (original.appendix or "").split("\n")[0]


# --- synthetic documents ------------------------------------------------------------


def document(
    heading: str = "KẾ HOẠCH",
    number_line: str = "Số: 09/KH-HTS",
    date_line: str = "Hà Nội, ngày 01 tháng 12 năm 2023",
    closing: str = "Nơi nhận:\n- Các tỉnh hội (để thực hiện);\n- Lưu: VP.\n\nTM. BAN CHẤP HÀNH\n"
    "CHỦ TỊCH\n\nNguyễn Văn An",
) -> str:
    return (
        "HỘI CỰU CHIẾN BINH VIỆT NAM       CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "BAN CHẤP HÀNH TRUNG ƯƠNG          Độc lập – Tự do – Hạnh phúc\n"
        f"{number_line}          {date_line}\n\n"
        f"{heading}\nTổ chức gặp mặt hội viên\n\n"
        "Thường trực Trung ương Hội thông báo như sau. Các đơn vị thực hiện.\n\n"
        f"{closing}\n"
    )


@pytest.mark.parametrize("kind", list(DirectiveKind))
def test_each_kind_heading_is_recognised(kind: DirectiveKind) -> None:
    draft = extract_directive(document(heading=kind.heading))
    assert draft.kind is kind
    assert draft.title == "Tổ chức gặp mặt hội viên"
    assert draft.body == "Thường trực Trung ương Hội thông báo như sau. Các đơn vị thực hiện."
    assert draft.missing == ()


def test_synthetic_document_all_fields() -> None:
    draft = extract_directive(document(date_line="TP. Hồ Chí Minh, ngày 01 tháng 12 năm 2023"))
    assert draft.number == "09/KH-HTS"
    assert draft.place == "TP. Hồ Chí Minh"
    assert draft.issued_on == date(2023, 12, 1)
    assert draft.issuer == "HỘI CỰU CHIẾN BINH VIỆT NAM BAN CHẤP HÀNH TRUNG ƯƠNG"
    assert draft.signer_title == "TM. BAN CHẤP HÀNH / CHỦ TỊCH"
    assert draft.signer_name == "Nguyễn Văn An"
    assert draft.recipients == (Recipient("Các tỉnh hội", ACT), Recipient("VP", ARCHIVE))


def test_no_number_is_reported_missing_not_invented() -> None:
    draft = extract_directive(document(number_line=""))
    assert draft.number is None
    assert "number" in draft.missing
    assert draft.issued_on == date(2023, 12, 1)


def test_blank_number_template_is_missing() -> None:
    draft = extract_directive(document(number_line="Số:     /HTS"))
    assert draft.number is None
    assert "number" in draft.missing


@pytest.mark.parametrize(
    ("written", "normalised"),
    [
        ("Số: 72 /HTS", "72/HTS"),
        ("Số: 36/HD – HTS", "36/HD-HTS"),
        ("Số:09/KH-HTS", "09/KH-HTS"),
        ("SỐ: 15-TB/HCCB", "15-TB/HCCB"),
        ("Số 205/QĐ - HTSVN", "205/QĐ-HTSVN"),
    ],
)
def test_number_is_normalised(written: str, normalised: str) -> None:
    assert extract_directive(document(number_line=written)).number == normalised


def test_date_left_blank_for_signing_by_hand_keeps_the_place() -> None:
    draft = extract_directive(document(date_line="Hà Nội, ngày    tháng    năm 2024"))
    assert draft.place == "Hà Nội"
    assert draft.issued_on is None
    assert "issued_on" in draft.missing


def test_impossible_date_is_missing() -> None:
    draft = extract_directive(document(date_line="Hà Nội, ngày 31 tháng 2 năm 2024"))
    assert draft.issued_on is None
    assert draft.place == "Hà Nội"


def test_date_not_found_in_the_body() -> None:
    text = document(date_line="")
    text = text.replace("như sau.", "như sau, Hà Nội, ngày 2 tháng 3 năm 2021.")
    draft = extract_directive(text)
    assert draft.issued_on is None
    assert draft.place is None


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ("- Thường trực TW Hội (để b/c);", Recipient("Thường trực TW Hội", INFORM)),
        ("- Ban Dân vận TW để b/c;", Recipient("Ban Dân vận TW", INFORM)),
        ("- Các tỉnh hội (để t/h);", Recipient("Các tỉnh hội", ACT)),
        ("- Hội Nữ CSTSVN để thực hiện.", Recipient("Hội Nữ CSTSVN", ACT)),
        ("+ Ban Tổ chức (để biết);", Recipient("Ban Tổ chức", INFORM)),
        ("- Thường trực Hội (báo cáo);", Recipient("Thường trực Hội", INFORM)),
        ("- Đảng ủy khối - b/c;", Recipient("Đảng ủy khối", INFORM)),
        ("- Như trên;", Recipient("Như trên", None)),
        ("- Lưu VT, Ban TC.", Recipient("VT, Ban TC", ARCHIVE)),
        ("- Lưu.", Recipient("Lưu", ARCHIVE)),
        ("- Lưu Văn Bình (để biết);", Recipient("Lưu Văn Bình", INFORM)),
        ("- Hội tỉnh (để b/c và thực hiện);", Recipient("Hội tỉnh", ACT)),
        ("- Ban Tổ chức (P)", Recipient("Ban Tổ chức (P)", None)),
    ],
)
def test_recipient_purposes(entry: str, expected: Recipient) -> None:
    closing = f"Nơi nhận:\n{entry}\n\nTM. BAN CHẤP HÀNH\nCHỦ TỊCH\n\nNguyễn Văn An"
    draft = extract_directive(document(closing=closing))
    assert draft.recipients == (expected,)


def test_recipient_groups_pass_their_purpose_on() -> None:
    closing = (
        "Nơi nhận:\n- Để báo cáo:\n+ Ban Dân vận TW;\n+ Thường trực TW Hội;\n"
        "- Để thực hiện:\n+ Các tỉnh, thành hội;\n- Lưu: VT.\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\n"
        "Trần Văn Bình"
    )
    draft = extract_directive(document(closing=closing))
    assert draft.recipients == (
        Recipient("Ban Dân vận TW", INFORM),
        Recipient("Thường trực TW Hội", INFORM),
        Recipient("Các tỉnh, thành hội", ACT),
        Recipient("VT", ARCHIVE),
    )


def test_two_column_closing_with_signature_first_and_signed_mark() -> None:
    closing = (
        "                                        TM. BAN THƯỜNG VỤ\n"
        "Nơi nhận:                               CHỦ TỊCH\n"
        "- Các hội tỉnh, thành phố (để t/h);\n"
        "- Thường trực TW Hội (để b/c);           (Đã ký)\n"
        "- Lưu: VP.                              NGUYỄN VĂN AN\n"
    )
    draft = extract_directive(document(closing=closing))
    assert draft.signer_title == "TM. BAN THƯỜNG VỤ / CHỦ TỊCH"
    assert draft.signer_name == "NGUYỄN VĂN AN"
    assert draft.recipients == (
        Recipient("Các hội tỉnh, thành phố", ACT),
        Recipient("Thường trực TW Hội", INFORM),
        Recipient("VP", ARCHIVE),
    )
    assert draft.body == "Thường trực Trung ương Hội thông báo như sau. Các đơn vị thực hiện."


def test_an_address_in_capitals_does_not_end_the_body() -> None:
    text = document().replace(
        "Các đơn vị thực hiện.", "Các đơn vị thực hiện.\nQ. 1, TP. HCM\nPHÓ CHỦ TỊCH HỘI dự."
    )
    draft = extract_directive(text)
    assert draft.body.endswith("Q. 1, TP. HCM\nPHÓ CHỦ TỊCH HỘI dự.")
    assert draft.signer_name == "Nguyễn Văn An"


def test_wrapped_recipient_is_joined() -> None:
    closing = (
        "Nơi nhận:\n- 63 tỉnh, thành, hội doanh nhân CCBVN,\nkhối 487 (để thực hiện)\n"
        "- Lưu: VT.\n\nKT/CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nKhuất Việt Dũng"
    )
    draft = extract_directive(document(closing=closing))
    assert draft.recipients[0] == Recipient("63 tỉnh, thành, hội doanh nhân CCBVN, khối 487", ACT)


def test_cong_van_is_known_by_its_subject_line() -> None:
    text = (
        "HỘI CỰU CHIẾN BINH VIỆT NAM       CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Số: 112/HCCB-VP                   Hà Nội, ngày 5 tháng 3 năm 2024\n"
        "V/v: tổ chức kỷ niệm ngày truyền thống\n\n"
        "Kính gửi: Các tỉnh, thành hội\n\n"
        "Trung ương Hội đề nghị các đơn vị báo cáo trước ngày 30/3/2024.\n\n"
        "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n\nTL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG\n\nLê Thị Hoa\n"
    )
    draft = extract_directive(text)
    assert draft.kind is DirectiveKind.CONG_VAN
    assert draft.title == "tổ chức kỷ niệm ngày truyền thống"
    assert draft.number == "112/HCCB-VP"
    assert draft.body == (
        "Kính gửi: Các tỉnh, thành hội\n"
        "Trung ương Hội đề nghị các đơn vị báo cáo trước ngày 30/3/2024."
    )
    assert draft.signer_title == "TL. CHỦ TỊCH / CHÁNH VĂN PHÒNG"
    assert draft.signer_name == "Lê Thị Hoa"


def test_cong_van_subject_wraps_and_body_dates_stay_in_the_body() -> None:
    text = (
        "Số: 7/HCCB                     Thành phố Hồ Chí Minh, ngày 5 tháng 3 năm 2024\n"
        "V/v: tổ chức kỷ niệm\n"
        "ngày truyền thống\n\n"
        "Hội nghị tổ chức tại Hà Nội, ngày 9 tháng 3 năm 2024.\n"
        "Số: 8 đơn vị đã đăng ký.\n"
    )
    draft = extract_directive(text)
    assert draft.title == "tổ chức kỷ niệm ngày truyền thống"
    assert draft.place == "Thành phố Hồ Chí Minh"
    assert draft.issued_on == date(2024, 3, 5)
    assert draft.number == "7/HCCB"
    assert draft.body == (
        "Hội nghị tổ chức tại Hà Nội, ngày 9 tháng 3 năm 2024.\nSố: 8 đơn vị đã đăng ký."
    )


def test_signature_first_then_recipients_without_bullets() -> None:
    closing = "TM. BAN CHẤP HÀNH\nCHỦ TỊCH\n\nNguyễn Văn An\n\nNơi nhận:\nNhư trên;\nLưu: VT.\n"
    draft = extract_directive(document(closing=closing))
    assert draft.signer_title == "TM. BAN CHẤP HÀNH / CHỦ TỊCH"
    assert draft.signer_name == "Nguyễn Văn An"
    assert draft.recipients == (Recipient("Như trên", None), Recipient("VT", ARCHIVE))
    assert draft.appendix is None


def test_tab_aligned_closing_is_not_taken_for_a_table() -> None:
    closing = (
        "Nơi nhận:\t\t\tTM. BAN CHẤP HÀNH\n"
        "- Các tỉnh hội (để t/h);\t\t\tCHỦ TỊCH\n"
        "- Lưu: VP.\n"
        "\t\t\tNguyễn Văn An\n"
    )
    draft = extract_directive(document(closing=closing))
    assert draft.signer_title == "TM. BAN CHẤP HÀNH / CHỦ TỊCH"
    assert draft.signer_name == "Nguyễn Văn An"
    assert draft.recipients == (Recipient("Các tỉnh hội", ACT), Recipient("VP", ARCHIVE))
    assert draft.appendix is None


def test_kind_from_number_code_when_there_is_no_heading() -> None:
    text = "Số: 09/KH-HTS      Hà Nội, ngày 8 tháng 9 năm 2020\n\nNội dung kế hoạch.\n"
    draft = extract_directive(text)
    assert draft.kind is DirectiveKind.KE_HOACH
    assert draft.title is None
    assert "title" in draft.missing
    assert draft.body == "Nội dung kế hoạch."


def test_quyet_dinh_title_stops_at_the_authority_line() -> None:
    text = document(heading="QUYẾT ĐỊNH").replace(
        "Tổ chức gặp mặt hội viên\n", "Về việc khen thưởng năm 2023\nCHỦ TỊCH HỘI CỰU CHIẾN BINH\n"
    )
    draft = extract_directive(text)
    assert draft.kind is DirectiveKind.QUYET_DINH
    assert draft.title == "Về việc khen thưởng năm 2023"
    assert draft.body.startswith("CHỦ TỊCH HỘI CỰU CHIẾN BINH\n")


def test_decomposed_unicode_and_lookalike_eth_are_read() -> None:
    text = unicodedata.normalize("NFD", document(heading="QUYẾT ĐỊNH")).replace("Đ", "Ð")
    draft = extract_directive(text)
    assert draft.kind is DirectiveKind.QUYET_DINH
    assert draft.issued_on == date(2023, 12, 1)
    assert draft.title == "Tổ chức gặp mặt hội viên"


def test_empty_and_plain_text_report_everything_missing() -> None:
    assert extract_directive("").missing == (
        "kind",
        "number",
        "place",
        "issued_on",
        "title",
        "body",
        "signer_title",
        "signer_name",
        "recipients",
        "issuer",
    )
    draft = extract_directive("Xin chào các đồng chí.")
    assert draft.body == "Xin chào các đồng chí."
    assert draft.kind is None
    assert draft.number is None


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_extract_never_raises(text: str) -> None:
    draft = extract_directive(text)
    assert all(recipient.name for recipient in draft.recipients)
    for name in draft.missing:
        assert getattr(draft, name) in (None, "", ())
    assert len(summary(draft, max_chars=40)) <= 40


_PIECES = st.sampled_from(
    [
        "Số: 72 /HTS",
        "Hà Nội, ngày 8 tháng 9 năm 2020",
        "KẾ HOẠCH",
        "THÔNG BÁO Về việc",
        "Nơi nhận:",
        "- Lưu: VT.",
        "- Ban A (để b/c);",
        "TM. BAN CHẤP HÀNH",
        "CHỦ TỊCH",
        "Nguyễn Văn An",
        "LỊCH MỘT SỐ TRỌNG TÂM",
        "TT\tNội dung\tThời gian",
        "V/v: họp",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "\u00a0\u00a0\u00a0",
        "",
        "(Đã ký)",
        "văn bản",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_PIECES, st.sampled_from(["\n", "     ", "\t", " "])), max_size=30))
def test_extract_never_raises_on_document_like_text(parts: list[tuple[str, str]]) -> None:
    extract_directive("".join(piece + sep for piece, sep in parts))


# --- summary ------------------------------------------------------------------------


def test_summary_of_a_short_body_is_the_body() -> None:
    draft = DirectiveDraft(body="Họp lúc 8 giờ.\nMời các đồng chí dự.")
    assert summary(draft) == "Họp lúc 8 giờ. Mời các đồng chí dự."


def test_summary_keeps_whole_sentences() -> None:
    draft = DirectiveDraft(body="Câu thứ nhất. Câu thứ hai dài hơn một chút. Câu thứ ba.")
    assert summary(draft, max_chars=45) == "Câu thứ nhất. Câu thứ hai dài hơn một chút."
    assert summary(draft, max_chars=20) == "Câu thứ nhất."


def test_summary_cuts_a_long_sentence_on_a_word_boundary() -> None:
    draft = DirectiveDraft(
        body="Các cấp hội tiếp tục quán triệt và triển khai thực hiện Nghị quyết."
    )
    cut = summary(draft, max_chars=30)
    assert cut == "Các cấp hội tiếp tục quán…"
    assert len(cut) <= 30


def test_summary_of_the_samples(plan_2020: DirectiveDraft, guidance_2024: DirectiveDraft) -> None:
    assert summary(plan_2020) == (
        "Năm 2020, công tác Thi đua – Khen thưởng và phong trào thi đua gặp khó khăn, do ảnh "
        "hưởng dịch covid 19; Tuy vậy nhiều Hội, Ban Liên lạc (BLL) truyền thống Trường Sơn vẫn "
        "tổ chức được một số hoạt động cụ thể, thiết thực, để lại ấn tượng sâu sắc ở mỗi địa "
        "phương và hội viên."
    )
    short = summary(guidance_2024, max_chars=100)
    assert short.endswith("…")
    assert len(short) <= 100
    assert short.startswith("Năm 2024 năm bản lề")


def test_summary_falls_back_to_title_and_rejects_silly_limits() -> None:
    assert summary(DirectiveDraft(title="Công tác Dân vận năm 2024")) == "Công tác Dân vận năm 2024"
    assert summary(DirectiveDraft()) == ""
    with pytest.raises(ValueError):
        summary(DirectiveDraft(body="x"), max_chars=0)


# --- load_text ----------------------------------------------------------------------

VIETNAMESE = "Hội Cựu chiến binh: Kế hoạch năm 2024, ngày 12 tháng 01."


@pytest.mark.parametrize(
    "content",
    [
        VIETNAMESE.encode("utf-8"),
        VIETNAMESE.encode("utf-8-sig"),
        VIETNAMESE.encode("utf-16"),
        cp1258(VIETNAMESE),
    ],
    ids=["utf-8", "utf-8-sig", "utf-16", "cp1258"],
)
def test_load_text_decodes_txt(content: bytes) -> None:
    assert load_text("van-ban.TXT", content) == VIETNAMESE


def test_cp1258_is_really_a_fallback() -> None:
    content = cp1258(VIETNAMESE)
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")


def test_samples_load_from_bytes() -> None:
    path = DATA / "ke-hoach-kiem-tra-thi-dua-2020.txt"
    text = load_text(path.name, path.read_bytes())
    assert extract_directive(text).number == "72/HTS"


@pytest.mark.parametrize("filename", ["bao-cao.doc", "anh.jpg", "khong-duoi", "a.xlsx"])
def test_unsupported_types_raise_a_clear_error(filename: str) -> None:
    with pytest.raises(UnsupportedDocument, match="docx"):
        load_text(filename, b"whatever")
    assert issubclass(UnsupportedDocument, ValueError)


def test_damaged_files_raise_unsupported() -> None:
    with pytest.raises(UnsupportedDocument):
        load_text("hong.docx", b"not a zip")
    with pytest.raises(UnsupportedDocument):
        load_text("hong.pdf", b"%PDF-1.4 nothing useful")


def make_docx() -> bytes:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    header = document.add_table(rows=2, cols=2)
    header.cell(0, 0).text = "HỘI CỰU CHIẾN BINH VIỆT NAM\nBAN CHẤP HÀNH TRUNG ƯƠNG"
    header.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập – Tự do – Hạnh phúc"
    header.cell(1, 0).text = "Số: 15/TB-HCCB"
    header.cell(1, 1).text = "Hà Nội, ngày 3 tháng 2 năm 2024"
    document.add_paragraph("THÔNG BÁO")
    document.add_paragraph("Lịch gặp mặt đầu xuân")
    document.add_paragraph("Trung ương Hội tổ chức gặp mặt đầu xuân.")
    tasks = document.add_table(rows=2, cols=3)
    for col, text in enumerate(["TT", "Nội dung", "Thời gian"]):
        tasks.cell(0, col).text = text
    for col, text in enumerate(["01", "Gặp mặt", "2/2024"]):
        tasks.cell(1, col).text = text
    closing = document.add_table(rows=1, cols=2)
    closing.cell(0, 0).text = "Nơi nhận:\n- Các tỉnh hội (để t/h);\n- Lưu: VT."
    closing.cell(0, 1).text = "TM. BAN THƯỜNG VỤ\nCHỦ TỊCH\n\n\nNguyễn Văn An"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_load_docx_keeps_the_two_columns_apart() -> None:
    text = load_text("thong-bao.docx", make_docx())
    assert "TT\tNội dung\tThời gian" in text
    draft = extract_directive(text)
    assert draft.kind is DirectiveKind.THONG_BAO
    assert draft.number == "15/TB-HCCB"
    assert draft.issued_on == date(2024, 2, 3)
    assert draft.issuer == "HỘI CỰU CHIẾN BINH VIỆT NAM BAN CHẤP HÀNH TRUNG ƯƠNG"
    assert draft.title == "Lịch gặp mặt đầu xuân"
    assert draft.signer_title == "TM. BAN THƯỜNG VỤ / CHỦ TỊCH"
    assert draft.signer_name == "Nguyễn Văn An"
    assert draft.recipients == (Recipient("Các tỉnh hội", ACT), Recipient("VT", ARCHIVE))


def make_pdf(items: list[tuple[int, int, str]]) -> bytes:
    """A one-page PDF showing each (x, y, text), with a ToUnicode map so that
    Vietnamese text can be extracted without embedding a font."""
    chars = sorted({c for _, _, text in items for c in text})
    bfchar = "\n".join(f"<{ord(c):04X}> <{ord(c):04X}>" for c in chars)
    to_unicode = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        f"{len(chars)} beginbfchar\n{bfchar}\nendbfchar\n"
        "endcmap CMapName currentdict /CMap defineresource pop end end"
    )
    ops = ["BT", "/F1 11 Tf"]
    for x, y, text in items:
        glyphs = "".join(f"{ord(c):04X}" for c in text)
        ops.append(f"1 0 0 1 {x} {y} Tm <{glyphs}> Tj")
    ops.append("ET")
    content = "\n".join(ops)
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        "/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        f"<< /Length {len(content.encode())} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type0 /BaseFont /Arial /Encoding /Identity-H "
        "/DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
        "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Arial /DW 500 "
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> >>",
        f"<< /Length {len(to_unicode.encode())} >>\nstream\n{to_unicode}\nendstream",
    ]
    return pdf_file(objects)


def test_load_pdf_with_a_two_column_layout() -> None:
    pytest.importorskip("pypdf")
    pdf = make_pdf(
        [
            (40, 800, "HỘI CỰU CHIẾN BINH VIỆT NAM"),
            (330, 800, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
            (40, 780, "Số: 09/KH-HTS"),
            (330, 780, "Hà Nội, ngày 8 tháng 9 năm 2020"),
            (250, 740, "KẾ HOẠCH"),
            (180, 725, "Kiểm tra công tác thi đua năm 2020"),
            (40, 690, "Các hội chuẩn bị báo cáo."),
            (40, 650, "Nơi nhận:"),
            (330, 650, "TM. BAN CHẤP HÀNH"),
            (40, 635, "- Các hội (để t/h);"),
            (330, 635, "CHỦ TỊCH"),
            (40, 620, "- Lưu: VP."),
            (330, 590, "Võ Sở"),
        ]
    )
    draft = extract_directive(load_text("ke-hoach.pdf", pdf))
    assert draft.kind is DirectiveKind.KE_HOACH
    assert draft.number == "09/KH-HTS"
    assert draft.place == "Hà Nội"
    assert draft.issued_on == date(2020, 9, 8)
    assert draft.title == "Kiểm tra công tác thi đua năm 2020"
    assert draft.issuer == "HỘI CỰU CHIẾN BINH VIỆT NAM"
    assert draft.body == "Các hội chuẩn bị báo cáo."
    assert draft.signer_title == "TM. BAN CHẤP HÀNH / CHỦ TỊCH"
    assert draft.signer_name == "Võ Sở"
    assert draft.recipients == (Recipient("Các hội", ACT), Recipient("VP", ARCHIVE))


def test_pdf_without_text_is_unsupported() -> None:
    pytest.importorskip("pypdf")
    with pytest.raises(UnsupportedDocument, match="chữ"):
        load_text("scan.pdf", make_pdf([]))
