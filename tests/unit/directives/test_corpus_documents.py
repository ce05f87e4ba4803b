"""Every document of tests/data/corpus/documents read as the office would check it: its
fields, whether it is a draft, whether it is an official document at all, its recipients.

The documents were written for these tests in the styles of the association's own (drafts
with a blank number and day, copied emphasis round a signature block, typos in "Nơi
nhận", news articles about meetings)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from bot.directives.text import DirectiveKind, RecipientPurpose, extract_directive
from tests.fakes.paths import DATA

CORPUS = DATA / "corpus" / "documents"
REPORTS = DATA / "corpus" / "reports"
ACT = RecipientPurpose.ACT
INFORM = RecipientPurpose.INFORM
ARCHIVE = RecipientPurpose.ARCHIVE


@dataclass(frozen=True)
class Expected:
    kind: DirectiveKind | None
    number: str | None
    issued_on: date | None
    title: str | None
    signer: tuple[str | None, str | None]
    recipients: tuple[tuple[str, RecipientPurpose | None], ...]
    draft_marks: tuple[str, ...] = ()
    is_directive: bool = True


NEWS = Expected(None, None, None, None, (None, None), (), (), is_directive=False)

EXPECTED = {
    "ke-hoach-tap-huan-2023.txt": Expected(
        DirectiveKind.KE_HOACH,
        "41/KH-HTS",
        date(2023, 4, 14),
        "Tập huấn nghiệp vụ công tác Hội năm 2023",
        ("TM. BAN CHẤP HÀNH / CHỦ TỊCH", "Trung tướng Lê Văn Hòa"),
        (
            ("Thường trực TƯ Hội", INFORM),
            ("Hội Trường Sơn TP Hà Nội", ACT),
            ("Hội Trường Sơn tỉnh Thái Bình", ACT),
            ("VP", ARCHIVE),
        ),
    ),
    # "Nơ nhận" and the whole signature block in **bold**: the signer stays a signer.
    "huong-dan-dai-hoi-chi-hoi-2023.txt": Expected(
        DirectiveKind.HUONG_DAN,
        "55/HD-HTS",
        date(2023, 8, 2),
        "Tổ chức đại hội chi hội nhiệm kỳ 2023 – 2028",
        ("TM. BAN CHẤP HÀNH / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH", "Đại tá Trần Quang Minh"),
        (
            ("Các Hội tỉnh, thành phố", ACT),
            ("Hội Trường Sơn Sư đoàn 470", ACT),
            ("VT, BTC", ARCHIVE),
        ),
    ),
    # "Noi nhan", "Nhu tren", "Luu VP": typed without accents.
    "cong-van-ho-tro-bao-lu-2024.txt": Expected(
        DirectiveKind.CONG_VAN,
        "118/CV-HTS",
        date(2024, 9, 16),
        "vận động ủng hộ hội viên bị thiệt hại do bão số 3",
        ("TM. THƯỜNG TRỰC / PHÓ CHỦ TỊCH", "Nguyễn Thị Thanh"),
        (("Nhu tren", None), ("Hội Trường Sơn tỉnh Thái Bình", ACT), ("VP", ARCHIVE)),
    ),
    "thong-bao-ket-luan-hoi-nghi-2023.txt": Expected(
        DirectiveKind.THONG_BAO,
        "63/TB-HTS",
        date(2023, 11, 20),
        "Kết luận của Thường trực Hội tại hội nghị giao ban quý IV năm 2023",
        ("TL. THƯỜNG TRỰC / CHÁNH VĂN PHÒNG", "Phạm Đức Long"),
        (
            ("Các Ban, Văn phòng TƯ Hội", ACT),
            ("Hội Nữ CSTS Việt Nam", INFORM),
            ("VT", ARCHIVE),
        ),
    ),
    "thong-bao-lich-gap-mat-2024.txt": Expected(
        DirectiveKind.THONG_BAO,
        "09/TB-HTS",
        date(2024, 10, 28),
        "Lịch gặp mặt hội viên cuối năm 2024",
        ("TM. BAN THƯỜNG VỤ / CHỦ TỊCH", "Nguyễn Văn Tiến"),
        (("Các chi hội", ACT), ("VP", ARCHIVE)),
    ),
    # "(Dự thảo)", "Số:      / BC-HTS", "ngày    tháng 3 năm 2022", no name under the title.
    "du-thao-bao-cao-quy-1-2022.txt": Expected(
        DirectiveKind.BAO_CAO,
        None,
        None,
        "Sơ kết công tác quý I và phương hướng nhiệm vụ quý II năm 2022",
        ("TM. BAN CHẤP HÀNH / CHỦ TỊCH", None),
        (("Thường trực TƯ Hội", INFORM), ("Các Hội thành viên", None), ("VP", ARCHIVE)),
        ("mark", "number", "day"),
    ),
    # "BÁO CÁO (DỰ THẢO)", "Số: ...../BC-HTS", "ngày ... tháng 7".
    "du-thao-bao-cao-6-thang-2023.txt": Expected(
        DirectiveKind.BAO_CAO,
        None,
        None,
        "Sơ kết công tác 6 tháng đầu năm, nhiệm vụ trọng tâm 6 tháng cuối năm 2023",
        (None, None),
        (("Thường trực Trung ương Hội", INFORM), ("VT", ARCHIVE)),
        ("mark", "number", "day"),
    ),
    "bao-cao-quy-3-2024.txt": Expected(
        DirectiveKind.BAO_CAO,
        "27/BC-HTS",
        date(2024, 10, 5),
        "Kết quả công tác quý III và phương hướng công tác quý IV năm 2024",
        ("TM. BAN THƯỜNG VỤ / CHỦ TỊCH", "Đỗ Văn Thắng"),
        (("TƯ Hội TTTS", INFORM), ("Các huyện, thành Hội", None), ("VP", ARCHIVE)),
    ),
    # "Nơi nhậ:" and the signature in <b>…</b>, as copied from a web page.
    "ke-hoach-thang-tri-an-2025.txt": Expected(
        DirectiveKind.KE_HOACH,
        "21/KH-HTS",
        date(2025, 5, 2),
        "Tổ chức “Tháng tri ân đồng đội” năm 2025",
        ("TM. BAN CHẤP HÀNH / CHỦ TỊCH", "Trung tướng Lê Văn Hòa"),
        (("Các Hội tỉnh, thành phố", ACT), ("Hội Nữ CSTS Việt Nam", ACT), ("VP", ARCHIVE)),
    ),
    # "NOI NHAN:" in capitals without accents; the signature block in __…__.
    "bao-cao-quy-1-2025-hoi-nu.txt": Expected(
        DirectiveKind.BAO_CAO,
        "06/BC-HN",
        date(2025, 3, 28),
        "Kết quả hoạt động quý I, phương hướng quý II năm 2025",
        ("TM. BAN CHẤP HÀNH / CHỦ TỊCH", "Đỗ Thị Giang"),
        (("TƯ Hội", INFORM), ("VT", ARCHIVE)),
    ),
    # A short notice: a kind line and a title, but no number, no signer and no Nơi nhận.
    "thong-bao-nghi-tet-2025.txt": Expected(
        DirectiveKind.THONG_BAO,
        None,
        None,
        "Lịch nghỉ Tết Nguyên đán Ất Tỵ năm 2025",
        (None, None),
        (),
    ),
    "tin-hoi-nghi-so-ket-2023.txt": NEWS,
    "tin-gap-mat-19-5-2024.txt": NEWS,
    "ke-hoach-ccb-2025.txt": Expected(
        DirectiveKind.KE_HOACH,
        "15/KH-CCB",
        date(2025, 3, 3),
        "Tổ chức các hoạt động kỷ niệm năm 2025",
        ("TM. BAN THƯỜNG VỤ / CHỦ TỊCH", "Lê Văn Tâm"),
        (("Hội CCB thành phố", INFORM), ("Các Hội CCB phường", None), ("VP", ARCHIVE)),
    ),
    "thong-bao-lich-hoi-nghi-2024.txt": Expected(
        DirectiveKind.THONG_BAO,
        "44/TB-CCB",
        date(2024, 11, 1),
        "Lịch tổ chức Hội nghị tổng kết và gặp mặt truyền thống",
        ("TM. BAN THƯỜNG VỤ / PHÓ CHỦ TỊCH", "Phạm Minh Đức"),
        (("Các huyện, thành Hội", None), ("VP", ARCHIVE)),
    ),
}


def test_a_draft_report_with_an_addressee_line_has_no_recipients_list() -> None:
    """The mark stands under a two-line title, the place and blank day under the mark;
    "Người nhận:" names an addressee, and is not "Nơi nhận"."""
    text = (REPORTS / "bc-nguoi-cao-tuoi-6-thang-2024.txt").read_text(encoding="utf-8")
    draft = extract_directive(text)
    assert draft.draft_marks == ("mark", "number", "day")
    assert (draft.place, draft.issued_on) == ("Thanh Oai", None), "the date line under the title"
    assert draft.recipients == ()
    assert "recipients" in draft.missing


def test_every_document_of_the_corpus_is_checked() -> None:
    assert sorted(path.name for path in CORPUS.glob("*.txt")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_corpus_document_is_read_as_the_office_would(name: str) -> None:
    draft = extract_directive((CORPUS / name).read_text(encoding="utf-8"))
    want = EXPECTED[name]
    assert (draft.kind, draft.number, draft.issued_on, draft.title) == (
        want.kind,
        want.number,
        want.issued_on,
        want.title,
    )
    assert (draft.signer_title, draft.signer_name) == want.signer
    assert tuple((r.name, r.purpose) for r in draft.recipients) == want.recipients
    assert draft.draft_marks == want.draft_marks
    assert draft.is_draft is bool(want.draft_marks)
    assert draft.is_directive is want.is_directive
    if want.draft_marks:
        assert {"number", "issued_on"} <= set(draft.missing), "blanks are named as missing"
