"""The operator's CSV files: good rows come through, a bad row names its line."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.people.csv_import import CsvProblem, parse_members, parse_units

HEADER = "code,name,parent_code,kind,also_under\n"


def test_units_parse_with_second_parent() -> None:
    rows = parse_units(
        HEADER
        + "TW,Trung ương Hội,,central,\n"
        + "TB,Thái Bình,TW,province,\n"
        + "NU,Hội Nữ,TW,women_association,\n"
        + "NU-TB,Hội Nữ Thái Bình,TB,women_association,NU\n",
        set(),
    )
    assert [r["code"] for r in rows] == ["TW", "TB", "NU", "NU-TB"]
    assert rows[3]["also_under"] == "NU"


def test_also_under_column_is_optional() -> None:
    rows = parse_units("code,name,parent_code,kind\nTW,Trung ương,,central\n", set())
    assert rows[0]["also_under"] == ""


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        ("TW,Trung ương,,central,\nHN,Hà Nội,XX,province,\n", 3, "XX"),
        ("TW,Trung ương,,central,\nHN,Hà Nội,TW,city,\n", 3, "city"),
        ("TW,Trung ương,,central,\n,Hà Nội,TW,province,\n", 3, "mã"),
        ("TW,Trung ương,,central,\nTW,Lặp,,central,\n", 3, "dòng 2"),
        ("A,A,B,province,\nB,B,A,province,\n", 3, "vòng lặp"),
        ("A,A,A,province,\n", 2, "chính nó"),
    ],
)
def test_bad_unit_row_names_its_line(body: str, line: int, words: str) -> None:
    with pytest.raises(CsvProblem) as problem:
        parse_units(HEADER + body, set())
    assert problem.value.line == line
    assert words in str(problem.value)


def test_missing_column_is_reported_on_line_one() -> None:
    with pytest.raises(CsvProblem) as problem:
        parse_units("code,name,kind\nTW,T,central\n", set())
    assert problem.value.line == 1
    assert "parent_code" in str(problem.value)


def test_parent_may_already_be_stored() -> None:
    rows = parse_units(HEADER + "HN,Hà Nội,TW,province,\n", {"TW"})
    assert rows[0]["parent_code"] == "TW"


def test_members_normalise_phone_and_check_unit_and_role() -> None:
    rows = parse_members("name,unit,role,phone\nAn,HN,lead,+84 912 000 001\n", {"HN"})
    assert rows == [{"name": "An", "unit": "HN", "role": "lead", "phone": "0912000001"}]
    with pytest.raises(CsvProblem, match="dòng 2"):
        parse_members("name,unit,role,phone\nAn,HN,boss,0912000001\n", {"HN"})
    with pytest.raises(CsvProblem, match="dòng 3"):
        parse_members(
            "name,unit,role,phone\nAn,HN,lead,0912000001\nBa,XX,member,0912000002\n", {"HN"}
        )


@given(st.text(max_size=200))
def test_parse_units_never_fails_other_than_with_a_line(body: str) -> None:
    try:
        parse_units(HEADER + body, set())
    except CsvProblem as problem:
        assert problem.line >= 1
