"""Drafts, "Nơi nhận" with typos, and signature blocks in copied emphasis (issue 10, item 4)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.directives.text import extract_directive
from bot.directives.text.closing import recipients_heading

HEADER = (
    "HỘI TRUYỀN THỐNG TRƯỜNG SƠN          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "                                     Độc lập – Tự do – Hạnh phúc\n"
    "{mark}"
    "Số: {number}/BC-HTS                  Hà Nội, ngày {day} tháng 3 năm 2022\n\n"
    "BÁO CÁO\nSơ kết công tác quý I năm 2022\n\n"
    "Quý I, toàn Hội tổ chức nhiều hoạt động thiết thực.\n\n"
)
CLOSING = (
    "{heading}\n- Các Hội thành viên (để t/h);\n- Lưu VP.\n"
    "{open}TM. BAN CHẤP HÀNH{close}\n{open}CHỦ TỊCH{close}\n\n{open}Nguyễn Văn Bình{close}\n"
)

HEADINGS = ["Nơi nhận:", "Nơ nhận:", "Noi nhan:", "NƠI NHẬN:", "Nơi nhậ:", "Noi nhan", "NOI NHAN"]
blanks = st.text(alphabet=" _.…", min_size=0, max_size=8)


@given(heading=st.sampled_from(HEADINGS), rest=st.sampled_from(["", "- Như trên;"]))
def test_the_recipients_heading_is_found_despite_typos_and_missing_accents(
    heading: str, rest: str
) -> None:
    assert recipients_heading(f"{heading} {rest}".strip()) == rest


@given(
    first=st.sampled_from(["Nội dung", "Nơi ở", "Nhận xét", "Nơi nhận hồ sơ", "Nơi nhận"]),
    tail=st.sampled_from([" tại Văn phòng Trung ương Hội", " của các Hội là Văn phòng"]),
)
def test_a_sentence_is_not_taken_for_the_recipients_heading(first: str, tail: str) -> None:
    assert recipients_heading(f"{first}{tail}") is None
    assert recipients_heading(first) is None or first == "Nơi nhận"


@given(
    heading=st.sampled_from(HEADINGS),
    emphasis=st.sampled_from([("", ""), ("**", "**"), ("__", "__"), ("<b>", "</b>"), ("*", "*")]),
)
def test_a_signature_block_never_becomes_recipients(
    heading: str, emphasis: tuple[str, str]
) -> None:
    opening, closing = emphasis
    text = HEADER.format(mark="", number="12", day="8") + CLOSING.format(
        heading=f"{opening}{heading}{closing}", open=opening, close=closing
    )
    draft = extract_directive(text)
    assert [r.name for r in draft.recipients] == ["Các Hội thành viên", "VP"]
    assert (draft.signer_title, draft.signer_name) == (
        "TM. BAN CHẤP HÀNH / CHỦ TỊCH",
        "Nguyễn Văn Bình",
    )


@given(number_blank=blanks, day_blank=blanks.map(lambda b: f" {b} "))
def test_a_blank_number_and_day_make_a_draft_and_are_named_as_missing(
    number_blank: str, day_blank: str
) -> None:
    text = HEADER.format(mark="", number=number_blank, day=day_blank) + CLOSING.format(
        heading="Nơi nhận:", open="", close=""
    )
    draft = extract_directive(text)
    assert draft.draft_marks == ("number", "day")
    assert draft.number is None and draft.issued_on is None
    assert {"number", "issued_on"} <= set(draft.missing)


@given(
    mark=st.sampled_from(["(Dự thảo)", "DỰ THẢO", "[Dự thảo lần 2]", "(DỰ THẢO)"]),
    indent=st.sampled_from(["", "          ", "\t"]),
)
def test_the_words_du_thao_in_the_header_make_a_draft(mark: str, indent: str) -> None:
    text = HEADER.format(mark=f"{indent}{mark}\n", number="12", day="8") + CLOSING.format(
        heading="Nơi nhận:", open="", close=""
    )
    draft = extract_directive(text)
    assert draft.draft_marks == ("mark",)
    assert draft.title == "Sơ kết công tác quý I năm 2022"
    assert "thảo" not in draft.body.lower()


def test_a_signed_document_is_no_draft() -> None:
    text = HEADER.format(mark="", number="12", day="8") + CLOSING.format(
        heading="Nơi nhận:", open="", close=""
    )
    draft = extract_directive(text)
    assert (draft.number, draft.draft_marks, draft.is_directive) == ("12/BC-HTS", (), True)


def test_a_news_article_is_not_a_directive() -> None:
    draft = extract_directive(
        "Hội nghị giao ban quý III\n\nSáng 5/10/2024, tại Hà Nội, Thường trực Hội họp giao "
        "ban với các Ban.\n\nPhát biểu kết luận, đồng chí Chủ tịch Hội đề nghị các Ban "
        "hoàn thành nhiệm vụ năm.\n\nThu Hà\n"
    )
    assert not draft.is_directive
    assert draft.recipients == ()


@given(
    first=st.sampled_from(["Người", "NGƯỜI", "Nguoi", "Người ký", "Ngày", "Mọi người"]),
    rest=st.sampled_from(["", "- Hội NCT thành phố;"]),
)
def test_an_addressee_line_is_not_the_recipients_heading(first: str, rest: str) -> None:
    words = first if " " in first else f"{first} nhận"
    assert recipients_heading(f"{words}: {rest}".strip()) is None


@given(gap=st.integers(0, 8), mark=st.sampled_from(["(Dự thảo)", "DỰ THẢO", "[Dự thảo lần 2]"]))
def test_a_draft_mark_anywhere_above_the_first_section_is_found(gap: int, mark: str) -> None:
    text = (
        "HỘI NGƯỜI CAO TUỔI                 CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "HUYỆN THANH OAI                          Độc lập - Tự do - Hạnh phúc\n"
        "Số: 12/BC-NCT                   Thanh Oai, ngày 2 tháng 7 năm 2024\n\n"
        "BÁO CÁO\nSơ kết công tác 6 tháng đầu năm và\nphương hướng 6 tháng cuối năm 2024\n"
        + "\n" * gap
        + f"{mark}\n\nA. KẾT QUẢ 6 THÁNG ĐẦU NĂM\nChúc thọ 1.065 cụ.\n"
    )
    assert extract_directive(text).draft_marks == ("mark",)
    after = text.replace(f"{mark}\n", "") + f"Các chi hội góp ý:\n{mark}\n"
    assert extract_directive(after).draft_marks == (), "a mark in the body is not the header's"
    sent = text.replace(f"{mark}\n", "Gửi kèm bản (dự thảo) kế hoạch để các chi hội góp ý.\n")
    assert extract_directive(sent).draft_marks == (), "it names another document"
