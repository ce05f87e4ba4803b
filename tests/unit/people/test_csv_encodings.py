"""The operator's files in every encoding and separator offices save them in, or refused
with the line where they stop being text; 100,000 rows are read without holding them."""

from __future__ import annotations

import codecs
import csv
import io
import random
import tracemalloc
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.app.errors import UserError
from bot.people.csv_import import (
    CsvProblem,
    iter_members,
    parse_members,
    parse_units,
    read_csv_file,
)
from bot.schedule.csvfile import read_task_csv
from bot.text.files import NotText, csv_delimiter, decode_text, text_lines
from bot.text.i18n import use_locale
from tests.fakes.encodings import cp1258

HANOI = "Hà Nội"
SAMPLE = "code,name\nHN,Hội Cựu chiến binh TP Hà Nội\nQN,Quảng Ngãi – Đắk Lắk\n"

ENCODERS: dict[str, Callable[[str], bytes]] = {
    "utf-8": lambda text: text.encode("utf-8"),
    "utf-8-sig": lambda text: text.encode("utf-8-sig"),
    "utf-16": lambda text: text.encode("utf-16"),
    "utf-16-le": lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
    "utf-16-be": lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
    "cp1258": cp1258,
}

# Vietnamese letters: every vowel with every tone, the consonants, both cases.
_VOWELS = "aăâeêioôơuưy"
_TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
_LOWER = sorted(
    {unicodedata.normalize("NFC", vowel + tone) for vowel in _VOWELS for tone in _TONES}
    | set("bcdđghklmnpqrstvx")
)
LETTERS = "".join(_LOWER) + "".join(letter.upper() for letter in _LOWER)
names = st.lists(st.text(LETTERS, min_size=1, max_size=8), min_size=1, max_size=4).map(" ".join)


# --- decoding -------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", list(ENCODERS))
def test_each_encoding_reads_the_same_text(encoding: str) -> None:
    assert decode_text(ENCODERS[encoding](SAMPLE)) == SAMPLE


@given(st.lists(names, min_size=1, max_size=20), st.sampled_from(list(ENCODERS)))
def test_vietnamese_names_come_back_in_nfc_whatever_the_encoding(
    lines: list[str], encoding: str
) -> None:
    text = "\n".join(lines)
    assert decode_text(ENCODERS[encoding](text)) == unicodedata.normalize("NFC", text)


def test_windows_1258_tone_marks_are_composed() -> None:
    content = cp1258(HANOI)
    assert content == b"H\xe0 N\xf4\xf2i", "ộ is ô and a combining dot below"
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")
    text = decode_text(content)
    assert text == HANOI and len(text) == len(HANOI), "one character for ộ, as in UTF-8"


def test_utf8_written_decomposed_is_composed_too() -> None:
    assert decode_text(unicodedata.normalize("NFD", HANOI).encode()) == HANOI


def test_no_byte_order_mark_is_left_at_the_start() -> None:
    for encoding in ("utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"):
        assert not decode_text(ENCODERS[encoding]("code")).startswith("\ufeff"), encoding
    assert decode_text(b"\xef\xbb\xbf\xef\xbb\xbfcode") == "code", "a BOM saved twice"


def test_latin1_is_read_as_windows_1258_where_they_agree() -> None:
    text = "Müller, François, Ávila, Hélène, Søren"
    assert decode_text(text.encode("latin-1")) == text


@pytest.mark.parametrize(
    ("content", "line"),
    [
        (b"code,name\nHN,H\x81 N\xf4i\n", 2),  # 0x81 is neither UTF-8 nor Windows-1258
        (b"code,name\nHN,Ha\x00Noi\n", 2),  # a NUL: not text
        ("code\nHN\n".encode("utf-16-le"), 1),  # UTF-16 without its BOM: NULs everywhere
        (b"code,name\n\n\nHN,\xf2 loose\n", 4),  # a tone mark on nothing
        (b"code,name\nHN,1\xccA\n", 2),  # a tone mark on a digit
        (codecs.BOM_UTF16_LE + "code\nHN".encode("utf-16-le") + b"\x00", 2),  # odd length
    ],
)
def test_bytes_that_are_not_text_are_refused_with_their_line(content: bytes, line: int) -> None:
    with pytest.raises(NotText) as refused:
        decode_text(content)
    assert refused.value.line == line
    assert "UTF-8" in str(refused.value)


def test_random_bytes_are_refused_in_the_operators_language() -> None:
    noise = random.Random(1258).randbytes(4096)
    with use_locale("vi"), pytest.raises(NotText) as refused:
        decode_text(noise)
    assert "không phải văn bản" in str(refused.value) and "CSV UTF-8" in str(refused.value)
    with use_locale("en"), pytest.raises(NotText) as refused:
        decode_text(noise)
    assert str(refused.value).startswith("the file is not text in UTF-8, UTF-16 or Windows-1258")


@given(st.binary(min_size=1, max_size=300))
def test_any_bytes_decode_or_are_refused_with_a_line(content: bytes) -> None:
    try:
        text = decode_text(content)
    except NotText as refused:
        assert 1 <= refused.line <= content.count(b"\n") + 1
    else:
        assert unicodedata.is_normalized("NFC", text)


# --- lines and separators ---------------------------------------------------------------


def test_lines_keep_their_endings_and_lose_the_bom() -> None:
    assert list(text_lines("\ufeffa\r\nb\rc\nd")) == ["a\r\n", "b\r", "c\n", "d"]
    assert list(text_lines("")) == []


@pytest.mark.parametrize(
    ("header", "delimiter"),
    [
        ("code,name,parent_code,kind", ","),
        ("code;name;parent_code;kind", ";"),
        ("code\tname\tparent_code\tkind", "\t"),
        ('"name, full";unit;role;phone', ";"),  # the comma is inside quotes
        ("name;unit,role;phone", ";"),
        ("code,name;kind", ","),  # a tie goes to the comma
        ("code", ","),
        ("", ","),
    ],
)
def test_the_separator_is_read_from_the_header(header: str, delimiter: str) -> None:
    assert csv_delimiter(header + "\nHN;Hà Nội,x\tY\n") == delimiter


@given(
    st.lists(names, min_size=1, max_size=15),
    st.sampled_from([",", ";", "\t"]),
    st.sampled_from(list(ENCODERS)),
)
def test_members_read_back_whatever_the_separator_and_encoding(
    people: list[str], delimiter: str, encoding: str
) -> None:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(["name", "unit", "role", "phone"])
    writer.writerows([name, "HN", "member", f"09120{i:05d}"] for i, name in enumerate(people))
    rows = parse_members(decode_text(ENCODERS[encoding](out.getvalue())), {"HN"})
    assert [row["name"] for row in rows] == [unicodedata.normalize("NFC", p) for p in people]


def test_a_windows_1258_units_file_with_semicolons() -> None:
    content = cp1258(
        "code;name;parent_code;kind\nTW;Trung ương Hội;;central\nHN;Hà Nội;TW;province\n"
    )
    rows = parse_units(decode_text(content), set())
    assert [(row["code"], row["name"], row["parent_code"]) for row in rows] == [
        ("TW", "Trung ương Hội", ""),
        ("HN", HANOI, "TW"),
    ]


def test_a_bom_is_not_part_of_the_first_column() -> None:
    rows = parse_units("\ufeffcode,name,parent_code,kind\nTW,Trung ương,,central\n", set())
    assert rows[0]["code"] == "TW"
    quoted = parse_units('\ufeff"code";"name";"parent_code";"kind"\nTW;T;;central\n', set())
    assert quoted[0]["code"] == "TW"


def test_column_names_ignore_case_and_blanks_and_blank_rows_are_skipped() -> None:
    text = "Name ; Unit ; ROLE ; Phone\nAn;HN;member;0912000001\n;;;\n\n"
    assert parse_members(text, {"HN"}) == [
        {"name": "An", "unit": "HN", "role": "member", "phone": "0912000001"}
    ]


def test_a_value_longer_than_its_column_names_the_line() -> None:
    with pytest.raises(CsvProblem) as problem:
        parse_members(f"name,unit,role,phone\n{'A' * 256},HN,member,0912000001\n", {"HN"})
    assert problem.value.line == 2 and "255" in str(problem.value)
    with pytest.raises(CsvProblem) as problem:
        parse_units(f"code,name,parent_code,kind\n{'X' * 65},T,,central\n", set())
    assert problem.value.line == 2 and "64" in str(problem.value)


def test_a_chain_of_units_deeper_than_the_stack_is_checked() -> None:
    depth = 5000
    lines = ["code,name,parent_code,kind", "U0,Gốc,,central"]
    lines += [f"U{i},Đơn vị {i},U{i - 1},branch" for i in range(1, depth)]
    assert len(parse_units("\n".join(lines), set())) == depth
    looped = "\n".join([*lines, f"U{depth},Vòng,U{depth - 1},branch"]).replace(
        "U0,Gốc,,central", f"U0,Gốc,U{depth},central"
    )
    with pytest.raises(CsvProblem, match="vòng lặp"):
        parse_units(looped, set())


def test_a_key_task_csv_in_windows_1258_with_semicolons() -> None:
    content = cp1258(
        "TT;Nội dung;Thời gian;Địa điểm\n"
        "1;Hội nghị tổng kết năm;12/2025;Hà Nội\n"
        "2;Gặp mặt truyền thống;19/5/2025;Quảng Trị\n"
    )
    table = read_task_csv(decode_text(content), 2025)
    assert table.found and not table.problems
    assert [(row.title, row.place) for row in table.rows] == [
        ("Hội nghị tổng kết năm", HANOI),
        ("Gặp mặt truyền thống", "Quảng Trị"),
    ]


# --- reading the file -------------------------------------------------------------------


def test_reading_a_file_that_is_not_text_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "members.csv"
    path.write_bytes(b"name,unit,role,phone\nAn,HN,member,0912000001\n\x81\x8d\x8f\n")
    with use_locale("vi"), pytest.raises(CsvProblem) as problem:
        read_csv_file(path)
    assert problem.value.line == 3
    assert str(problem.value).startswith("dòng 3: tệp này không phải văn bản")


def test_reading_a_missing_file_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError) as refused:
        read_csv_file(tmp_path / "missing.csv")
    assert refused.value.params["file"].endswith("missing.csv")


# --- 100,000 rows -----------------------------------------------------------------------

ROWS = 100_000
# Generous for the text (about 5 MB as UTF-8, twice that as a str) and one row at a time;
# holding 100,000 parsed rows costs some 60 MB and would fail it.
PEAK_BOUND = 40_000_000


def members_file(rows: int, bad_line: int | None = None) -> bytes:
    lines = ["name,unit,role,phone"]
    lines += [f"Nguyễn Thị Hồng Nhung {i},HN,member,09{i:08d}" for i in range(rows)]
    if bad_line is not None:
        lines[bad_line - 1] = "Trần Văn Sai,HN,member,không có số"
    return ("\n".join(lines) + "\n").encode()


def test_100000_members_are_read_in_flat_memory() -> None:
    content = members_file(ROWS)
    tracemalloc.start()
    try:
        count = sum(1 for _row in iter_members(decode_text(content), {"HN"}))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == ROWS
    assert peak < PEAK_BOUND, f"parsing {ROWS} rows peaked at {peak / 1e6:.1f} MB"


def test_a_bad_row_near_the_end_of_100000_names_its_line() -> None:
    with pytest.raises(CsvProblem) as problem:
        for _row in iter_members(decode_text(members_file(ROWS, bad_line=99_999)), {"HN"}):
            pass
    assert problem.value.line == 99_999
