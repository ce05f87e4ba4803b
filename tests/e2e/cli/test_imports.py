"""`hoibot units import`, `members import` and `schedule import` with the files offices really
have: Windows-1258 or UTF-16, semicolons, random bytes, 100,000 rows. Run as real processes
against the test database; a refused file prints a message, never a traceback, and writes
nothing."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from bot.cli import members as members_cli
from storage.db import Database
from storage.models import Member, Membership, Role, ScheduleItem, Unit
from tests.fakes.cli import Hoibot
from tests.fakes.encodings import cp1258

UNITS = (
    "code;name;parent_code;kind\n"
    "TW;Trung ương Hội Cựu chiến binh;;central\n"
    "HN;Hội Cựu chiến binh TP Hà Nội;TW;province\n"
    "QT;Hội Cựu chiến binh tỉnh Quảng Trị;TW;province\n"
)
NAMES = {
    "TW": "Trung ương Hội Cựu chiến binh",
    "HN": "Hội Cựu chiến binh TP Hà Nội",
    "QT": "Hội Cựu chiến binh tỉnh Quảng Trị",
}


@pytest.fixture
def hoibot(db: Database, tmp_path: Path) -> Hoibot:
    return Hoibot(db, tmp_path)


async def count(db: Database, model: type) -> int:
    async with db.session() as session:
        return int((await session.execute(select(func.count()).select_from(model))).scalar_one())


async def unit_names(db: Database) -> dict[str, str]:
    async with db.session() as session:
        return dict((await session.execute(select(Unit.code, Unit.name))).all())


def members_csv(rows: int, bad_line: int | None = None) -> str:
    lines = ["name,unit,role,phone"]
    lines += [f"Nguyễn Thị Hồng Nhung {i},HN,member,09{i:08d}" for i in range(rows)]
    if bad_line is not None:
        lines[bad_line - 1] = "Trần Văn Sai,XX,member,0987654321"
    return "\n".join(lines) + "\n"


async def test_a_windows_1258_units_file_with_semicolons(hoibot: Hoibot, db: Database) -> None:
    name = hoibot.raw_file("don-vi.csv", cp1258(UNITS))
    result = hoibot("units", "import", name)
    assert result.returncode == 0, result.stderr
    assert "tạo mới 3, cập nhật 0" in result.stdout
    assert await unit_names(db) == NAMES, "the tone marks composed, as typed in UTF-8"
    again = hoibot("units", "import", hoibot.file("utf8.csv", UNITS))
    assert "tạo mới 0, cập nhật 0" in again.stdout, "the same names as the UTF-8 file's"


async def test_a_utf16_file_imports(hoibot: Hoibot, db: Database) -> None:
    hoibot("units", "import", hoibot.file("units.csv", UNITS))
    text = "name\tunit\trole\tphone\r\nLê Thị Ánh\tHN\tlead\t0912000001\r\n"
    result = hoibot("members", "import", hoibot.raw_file("hoi-vien.txt", text.encode("utf-16")))
    assert result.returncode == 0, result.stderr
    assert "tạo mới 1, cập nhật 0" in result.stdout
    async with db.session() as session:
        member = (await session.execute(select(Member))).scalar_one()
    assert (member.name, member.phone) == ("Lê Thị Ánh", "0912000001")


async def test_a_file_in_no_known_encoding_is_refused(hoibot: Hoibot, db: Database) -> None:
    noise = hoibot.raw_file("units.csv", random.Random(14).randbytes(20_000))
    result = hoibot("units", "import", noise)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr, result.stderr
    assert "Chưa nhập gì cả: dòng 1: tệp này" in result.stderr, result.stderr
    assert "không phải văn bản theo bảng mã UTF-8, UTF-16 hay Windows-1258" in result.stderr
    assert "CSV UTF-8" in result.stderr
    assert await count(db, Unit) == 0
    english = hoibot("units", "import", noise, env={**hoibot.env, "HOIBOT_DEFAULT_LOCALE": "en"})
    assert "Nothing was imported: line " in english.stderr
    assert "the file is not text in UTF-8, UTF-16 or Windows-1258" in english.stderr


async def test_a_missing_file_is_named_without_a_traceback(hoibot: Hoibot) -> None:
    for command in ("units", "members"):
        result = hoibot(command, "import", "khong-co.csv")
        assert result.returncode == 1
        assert "Traceback" not in result.stderr and "khong-co.csv" in result.stderr


async def test_a_bad_row_at_line_99999_of_100000_writes_nothing(
    hoibot: Hoibot, db: Database
) -> None:
    hoibot("units", "import", hoibot.file("units.csv", UNITS))
    kept = hoibot.file("one.csv", "name,unit,role,phone\nTên cũ,QT,lead,0900000000\n")
    assert hoibot("members", "import", kept).returncode == 0
    big = members_csv(100_000, bad_line=99_999)
    assert big.count("\n") == 100_001 and "0900000000" in big.splitlines()[1]
    result = hoibot("members", "import", hoibot.file("members.csv", big))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr, result.stderr
    assert "dòng 99999" in result.stderr and "XX" in result.stderr, result.stderr
    assert await count(db, Member) == 1 and await count(db, Membership) == 1
    async with db.session() as session:
        member = (await session.execute(select(Member))).scalar_one()
        role = (await session.execute(select(Membership.role))).scalar_one()
    assert (member.name, role) == ("Tên cũ", Role.LEAD), "the first rows were not written"


@pytest.mark.slow
async def test_100000_members_import(hoibot: Hoibot, db: Database) -> None:
    hoibot("units", "import", hoibot.file("units.csv", UNITS))
    result = hoibot("members", "import", hoibot.file("members.csv", members_csv(100_000)))
    assert result.returncode == 0, result.stderr
    assert "tạo mới 100000, cập nhật 0" in result.stdout
    assert await count(db, Member) == 100_000 and await count(db, Membership) == 100_000
    if not db.is_sqlite:
        # PostgreSQL knows the tables' new size at once, not when autovacuum gets to them:
        # lookups of members by id are planned on an index, not a scan of everyone.
        async with db.session() as session:
            tables = select(text("tablename")).select_from(text("pg_stats"))
            analysed = (await session.execute(tables.distinct())).scalars().all()
        assert {"members", "memberships"} <= set(analysed)


async def test_members_are_written_in_batches_as_they_were_one_by_one(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A phone seen again, in the same batch or a later one, updates the member it named:
    the last row's name stays; a unit's role is replaced; another unit's role is added."""
    hoibot = Hoibot(db, tmp_path)
    hoibot("units", "import", hoibot.file("units.csv", UNITS))
    stored = hoibot.file("old.csv", "name,unit,role,phone\nCũ,HN,member,0900000000\n")
    assert hoibot("members", "import", stored).returncode == 0
    monkeypatch.setattr(members_cli, "BATCH", 3)
    rows = [
        "name,unit,role,phone",
        "An,HN,member,0911111111",  # batch 1
        "Mới,HN,lead,0900000000",  # the stored member: renamed, member → lead in HN
        "An lần hai,HN,lead,0911111111",  # same batch: the role in HN replaced
        "Bình,HN,member,0922222222",  # batch 2
        "An lần ba,QT,member,0911111111",  # a later batch: a role in a second unit
        "Chi,QT,member,0933333333",
        "Bình,HN,admin,0922222222",  # batch 3
    ]
    path = tmp_path / "members.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert await members_cli.import_members(db, path) == (3, 4)
    async with db.session() as session:
        query = (
            select(Member.name, Member.phone, Unit.code, Membership.role)
            .join(Membership, Membership.member_id == Member.id)
            .join(Unit, Unit.id == Membership.unit_id)
            .order_by(Member.phone, Unit.code)
        )
        found = (await session.execute(query)).all()
    assert found == [
        ("Mới", "0900000000", "HN", Role.LEAD),
        ("An lần ba", "0911111111", "HN", Role.LEAD),
        ("An lần ba", "0911111111", "QT", Role.MEMBER),
        ("Bình", "0922222222", "HN", Role.ADMIN),
        ("Chi", "0933333333", "QT", Role.MEMBER),
    ]
    assert await members_cli.import_members(db, path) == (0, 7), "re-importing adds nobody"
    assert await count(db, Member) == 4 and await count(db, Membership) == 5


async def test_a_windows_1258_key_task_csv_imports(hoibot: Hoibot, db: Database) -> None:
    hoibot("units", "import", hoibot.file("units.csv", UNITS))
    tasks = cp1258(
        "TT;Nội dung;Thời gian;Địa điểm;Đơn vị\n"
        "1;Hội nghị tổng kết công tác Hội năm 2025;12/2025;Hà Nội;*\n"
        "2;Gặp mặt truyền thống Bộ đội Trường Sơn;19/5/2025;Quảng Trị;QT\n"
    )
    result = hoibot("schedule", "import", hoibot.raw_file("lich.csv", tasks), "--unit", "TW")
    assert result.returncode == 0, result.stderr
    assert "Đã nhập: 2 mục mới" in result.stdout, result.stdout
    async with db.session() as session:
        query = select(ScheduleItem.title, ScheduleItem.place).order_by(ScheduleItem.start_on)
        items = (await session.execute(query)).all()
    assert items == [
        ("Gặp mặt truyền thống Bộ đội Trường Sơn", "Quảng Trị"),
        ("Hội nghị tổng kết công tác Hội năm 2025", "Hà Nội"),
    ]
    noise = hoibot.raw_file("rac.csv", b"noi_dung,thoi_gian\n\x81\x8d\x90\n")
    refused = hoibot("schedule", "import", noise)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "dòng 2: tệp này không phải văn bản" in refused.stderr, refused.stderr
