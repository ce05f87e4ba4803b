"""The corpus (tests/data/corpus/): documents and figure sentences written in the domain's
styles. No number of any of them is lost in silence, each figure sentence ends as reviewed
(tests/data/corpus/sentences.tsv), and the report checker finds in each report exactly
what its `.expected` file says."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.directives.text import load_text
from bot.figures.checking import check_report
from bot.figures.checking.paragraphs import paragraphs
from bot.figures.fates import misplaced
from bot.figures.sentences import extract_figures

CORPUS = Path(__file__).parents[1] / "data" / "corpus"
REPORTS = CORPUS / "reports"
READABLE = (".txt", ".docx", ".pdf")

DOCUMENTS = sorted(p for p in CORPUS.rglob("*") if p.suffix.lower() in READABLE)
SENTENCES = [
    line.split("\t")
    for line in (CORPUS / "sentences.tsv").read_text(encoding="utf-8").splitlines()[3:]
]


def text_of(path: Path) -> str:
    return load_text(path.name, path.read_bytes())


def test_the_corpus_is_there() -> None:
    assert len(SENTENCES) >= 60
    assert len([p for p in DOCUMENTS if p.parent == REPORTS]) >= 8
    assert {p.suffix for p in DOCUMENTS if p.parent == REPORTS} == set(READABLE)


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: str(p.relative_to(CORPUS)))
def test_no_number_of_a_document_is_lost_in_silence(path: Path) -> None:
    for paragraph in paragraphs(text_of(path)):
        lost = misplaced(extract_figures(paragraph.text))
        assert lost == [], (paragraph.lines[0], paragraph.text, lost)


@pytest.mark.parametrize(
    ("sentence", "figures", "questions", "left_out"), SENTENCES, ids=[s[0] for s in SENTENCES]
)
def test_each_figure_sentence_ends_as_reviewed(
    sentence: str, figures: str, questions: str, left_out: str
) -> None:
    extraction = extract_figures(sentence)
    assert misplaced(extraction) == []
    assert " ".join(f"{k}={v}" for k, v in sorted(extraction.values.items())) == figures
    assert " | ".join(i.text for i in extraction.issues) == questions
    shown = [f"{x.text} ({x.reason.value})" for x in extraction.left_out]
    assert " | ".join(shown) == left_out


def expected_of(path: Path) -> list[str]:
    lines = path.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


@pytest.mark.parametrize(
    "path", [p for p in DOCUMENTS if p.parent == REPORTS], ids=lambda p: p.name
)
def test_the_checker_finds_what_each_report_holds(path: Path) -> None:
    check = check_report(text_of(path))
    found = [
        f"{f.kind.value} {f.line} {f.code or '-'} {f.written} {f.right}" for f in check.findings
    ]
    found += [f"note {n.kind.value} {n.line} {n.code or '-'}" for n in check.notes]
    assert found == expected_of(path)
