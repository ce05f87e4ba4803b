"""Pure parts of directives and announcements: reading "Nơi nhận" against the tree,
typed fields, send times and quiet hours."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.announcements.timing import parse_send_time
from bot.app.errors import UserError
from bot.delivery.quiet_hours import hold_until, is_quiet
from bot.directives.drafting import number_key, parse_number, parse_place_date, parse_signer
from bot.directives.matching import UnitName, last_list, match_recipients, normalise, split_names
from bot.directives.sources import page_text
from bot.directives.text import Recipient, RecipientPurpose, extract_directive
from storage.models import Purpose, RecipientScope, UnitKind
from tests.fakes.paths import DATA

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
TREE = [
    UnitName(1, "Trung ương Hội", UnitKind.CENTRAL),
    UnitName(2, "Hội Trường Sơn TP Hà Nội", UnitKind.PROVINCE),
    UnitName(3, "Hội Trường Sơn tỉnh Thái Bình", UnitKind.PROVINCE),
    UnitName(4, "Hội Nữ CSTS Việt Nam", UnitKind.WOMEN_ASSOCIATION),
    UnitName(5, "Hội Nữ CSTS tỉnh Thái Bình", UnitKind.WOMEN_ASSOCIATION),
    UnitName(6, "Hội Trường Sơn Sư đoàn 470", UnitKind.TRADITIONAL_UNIT),
]


def sample(name: str):  # type: ignore[no-untyped-def]
    return extract_directive((DATA / name).read_text(encoding="utf-8"))


def test_plan_2020_names_the_units_listed_in_its_body() -> None:
    plan = sample("ke-hoach-kiem-tra-thi-dua-2020.txt")
    matching = match_recipients(plan.recipients, plan.body, TREE)
    assert [(r.scope, r.unit_id, r.purpose) for r in matching.rules] == [
        (RecipientScope.UNIT, 2, Purpose.ACT),
        (RecipientScope.UNIT, 6, Purpose.ACT),
        (RecipientScope.UNIT, 4, Purpose.ACT),
        (RecipientScope.UNIT, 5, Purpose.ACT),
    ]
    assert "Hội Trường Sơn thành phố Hải Phòng" in matching.unmatched
    assert "Hội Trường Sơn Sư đoàn 471" in matching.unmatched
    assert all("Thái Bình" not in name for name in matching.unmatched), "both matched"


def test_guidance_2024_goes_to_every_province_and_reports_the_rest() -> None:
    guidance = sample("huong-dan-cong-tac-dan-van-2024.txt")
    matching = match_recipients(guidance.recipients, guidance.body, TREE)
    assert [(r.scope, r.unit_kind, r.purpose) for r in matching.rules] == [
        (RecipientScope.KIND, UnitKind.PROVINCE, Purpose.ACT)
    ]
    assert matching.unmatched == (
        "Ban Dân vận TW",
        "Đảng ủy khối các cơ quan TW",
        "Thường trực TW hội",
        "hội doanh nhân CCBVN",
        "khối 487",
    )


@pytest.mark.parametrize(
    ("written", "unit_id"),
    [
        ("Hội TTTS tỉnh Thái Bình", 3),
        ("Hội Nữ CSTS tỉnh Thái Bình", 5),
        ("Hội Nữ CSTSVN", 4),
        ("Hội Trường Sơn thành phố Hà Nội", 2),
        ("HỘI TRƯỜNG SƠN TP HÀ NỘI", 2),
        ("Hoi Truong Son Su doan 470", 6),
    ],
)
def test_a_unit_is_found_however_it_is_written(written: str, unit_id: int) -> None:
    matching = match_recipients([Recipient(written, RecipientPurpose.INFORM)], "", TREE)
    assert [(r.unit_id, r.purpose) for r in matching.rules] == [(unit_id, Purpose.INFORM)]


def test_unknown_or_ambiguous_names_are_not_guessed() -> None:
    tree = [*TREE, UnitName(7, "Hội Trường Sơn huyện Thái Bình", UnitKind.DISTRICT)]
    matching = match_recipients(
        [Recipient("Hội tỉnh Thái Bình"), Recipient("Hội Quảng Trị")], "", tree
    )
    assert matching.rules == ()
    assert matching.unmatched == ("Hội tỉnh Thái Bình", "Hội Quảng Trị")


def test_archive_copies_are_not_recipients() -> None:
    entry = Recipient("Hội Trường Sơn TP Hà Nội", RecipientPurpose.ARCHIVE)
    assert match_recipients([entry], "", TREE).rules == ()


def test_lists_with_a_shared_prefix_are_spelled_out() -> None:
    assert split_names("• Hội Trường Sơn các Sư đoàn: 470, 471;") == [
        "Hội Trường Sơn Sư đoàn 470",
        "Hội Trường Sơn Sư đoàn 471",
    ]
    assert split_names("Hội TS tỉnh: Yên Bái và BLL tỉnh: Tuyên Quang") == [
        "Hội TS tỉnh Yên Bái",
        "BLL tỉnh Tuyên Quang",
    ]
    assert last_list("Đầu\n- a\n- b\nGiữa\n• c\nCuối") == "• c"
    assert normalise("Hội Nữ CSTSVN, TP Hà Nội") == "hoi nu csts viet nam thanh pho ha noi"


def test_typed_fields_are_checked() -> None:
    assert parse_number("Số: 72 /HTS") == "72/HTS"
    assert parse_number("09/KH – HTS") == "09/KH-HTS"
    with pytest.raises(UserError):
        parse_number("bảy hai")
    assert parse_place_date("Hà Nội, ngày 8 tháng 9 năm 2020") == ("Hà Nội", date(2020, 9, 8))
    assert parse_place_date("8/9/2020") == (None, date(2020, 9, 8))
    assert parse_place_date("ngày 12 tháng 01 năm 2024") == (None, date(2024, 1, 12))
    for bad in ("31/2/2020", "hôm qua"):
        with pytest.raises(UserError):
            parse_place_date(bad)
    assert parse_signer("CHỦ TỊCH\nThiếu tướng Võ Sở") == ("CHỦ TỊCH", "Thiếu tướng Võ Sở")
    assert parse_signer("Võ Sở") == (None, "Võ Sở")
    assert number_key("72 /HTS") == number_key("72/hts") == "72/hts"


def test_quiet_hours_hold_until_morning_in_vietnam() -> None:
    window = (time(21), time(6))
    late = datetime(2026, 11, 24, 15, 30, tzinfo=UTC)  # 22:30 in Hà Nội
    assert is_quiet(late, window, TZ)
    assert hold_until(late, window, TZ) == datetime(2026, 11, 24, 23, 0, tzinfo=UTC)  # 06:00
    early = datetime(2026, 11, 24, 21, 0, tzinfo=UTC)  # 04:00 the next day
    assert hold_until(early, window, TZ) == datetime(2026, 11, 24, 23, 0, tzinfo=UTC)
    noon = datetime(2026, 11, 24, 5, 0, tzinfo=UTC)
    assert hold_until(noon, window, TZ) == noon
    assert hold_until(late, window, TZ, urgent=True) == late
    assert hold_until(late, None, TZ) == late
    naive = datetime(2026, 11, 24, 15, 30)  # as SQLite hands it back: UTC
    assert hold_until(naive, window, TZ) == datetime(2026, 11, 24, 23, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("typed", "local"),
    [
        ("19:30", datetime(2026, 11, 24, 19, 30)),
        ("7:00", datetime(2026, 11, 25, 7, 0)),
        ("7h30 25/12", datetime(2026, 12, 25, 7, 30)),
        ("25/12/2026 7:00", datetime(2026, 12, 25, 7, 0)),
        ("1/1 lúc 8:15", datetime(2027, 1, 1, 8, 15)),
    ],
)
def test_send_times_are_read_in_local_time(typed: str, local: datetime) -> None:
    now = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)  # 10:00 in Hà Nội
    assert parse_send_time(typed, now, TZ) == local.replace(tzinfo=TZ).astimezone(UTC)


@pytest.mark.parametrize("typed", ["mai", "25:00", "8:00 31/2", "9:00 24/11", "8:00 1/6/2027"])
def test_bad_or_past_or_far_times_are_refused(typed: str) -> None:
    with pytest.raises(UserError):
        parse_send_time(typed, datetime(2026, 11, 24, 3, 0, tzinfo=UTC), TZ)


def test_a_web_page_keeps_its_two_columns_apart() -> None:
    page = (
        "<html><head><style>p{}</style></head><body><table><tr><td>Số: 72/HTS</td>"
        "<td>Hà Nội, ngày 8 tháng 9 năm 2020</td></tr></table><p>KẾ HOẠCH</p>"
        "<script>var x;</script><p>Kiểm tra\n  thi đua</p></body></html>"
    )
    text = page_text(page)
    assert text.splitlines() == [
        "Số: 72/HTS        Hà Nội, ngày 8 tháng 9 năm 2020",
        "KẾ HOẠCH",
        "Kiểm tra thi đua",
    ]
    draft = extract_directive(text)
    assert (draft.number, draft.issued_on) == ("72/HTS", date(2020, 9, 8))
