"""Turning an uploaded file (.txt, .docx, .pdf) into text for the extractor.

The two-column parts of a document (organisation | motto, Nơi nhận | signature)
are Word tables; they are written side by side with a wide gap so the text
looks like a copy of the printed page, which is what the extractor reads.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docx.table import Table, _Cell

# Wide enough to read as a column gap (three blanks or more), see _lines.
_COLUMN_GAP = " " * 8
# Tables of two columns or fewer are page layout; wider ones hold data (the
# key-task calendar) and are kept one row per line, cells split by tabs.
_LAYOUT_COLUMNS = 2
_BOMS = (b"\xff\xfe", b"\xfe\xff")


class UnsupportedDocument(ValueError):
    """The file is not a kind we can read, or could not be read as that kind."""


def load_text(filename: str, content: bytes) -> str:
    """The text of an uploaded document, NFC-normalised and without NUL characters.

    Raises UnsupportedDocument for anything but .txt, .docx and .pdf, and for
    a file that cannot be read as its extension says.
    """
    suffix = PurePosixPath(filename.replace("\\", "/")).suffix.lower()
    if suffix == ".txt":
        text = _decode_text(content)
    elif suffix == ".docx":
        text = _docx_text(content)
    elif suffix == ".pdf":
        text = _pdf_text(content)
    else:
        shown = suffix or "không có đuôi"
        raise UnsupportedDocument(
            f"Chưa đọc được tệp {filename!r} ({shown}): hãy gửi .docx, .pdf, .txt "
            "hoặc dán nội dung văn bản."
        )
    # A NUL (U+0000) stands in no document's words, and no database text column holds one.
    return unicodedata.normalize("NFC", text).replace("\x00", "")


def _decode_text(content: bytes) -> str:
    if content.startswith(_BOMS):
        # Windows Notepad's "Unicode" is UTF-16 with a byte order mark.
        return content.decode("utf-16")
    # utf-8-sig reads plain UTF-8 too; cp1258 is the old Windows Vietnamese
    # code page, still produced by some offices.
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnsupportedDocument("Tệp .txt không phải văn bản UTF-8 hay Windows-1258.")


def _docx_text(content: bytes) -> str:
    try:
        import docx
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise UnsupportedDocument("Máy chủ chưa cài python-docx để đọc tệp .docx.") from exc
    try:
        document = docx.Document(io.BytesIO(content))
    except Exception as exc:
        # python-docx raises zip, XML and its own errors for a damaged file.
        raise UnsupportedDocument("Không mở được tệp .docx (tệp hỏng?).") from exc
    from docx.table import Table

    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines.extend(_table_lines(block))
        else:
            lines.extend(block.text.split("\n"))
    return "\n".join(lines)


def _table_lines(table: Table) -> list[str]:
    rows = [list(_unique_cells(row.cells)) for row in table.rows]
    if max((len(row) for row in rows), default=0) > _LAYOUT_COLUMNS:
        return ["\t".join(" ".join(_cell_lines(cell)).strip() for cell in row) for row in rows]
    lines: list[str] = []
    for row in rows:
        columns = [_cell_lines(cell) for cell in row]
        for depth in range(max((len(column) for column in columns), default=0)):
            parts = [column[depth] if depth < len(column) else "" for column in columns]
            lines.append(_COLUMN_GAP.join(parts).rstrip())
    return lines


def _unique_cells(cells: list[_Cell]) -> Iterator[_Cell]:
    # A merged cell is returned once per grid column it spans.
    seen: set[int] = set()
    for cell in cells:
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            yield cell


def _cell_lines(cell: _Cell) -> list[str]:
    from docx.table import Table

    lines: list[str] = []
    for block in cell.iter_inner_content():
        if isinstance(block, Table):
            lines.extend(_table_lines(block))
        else:
            lines.extend(block.text.split("\n"))
    return lines


def _pdf_text(content: bytes) -> str:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise UnsupportedDocument("Máy chủ chưa cài pypdf để đọc tệp .pdf.") from exc
    try:
        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted:
            reader.decrypt("")
        # Layout mode keeps the two columns of the header and signature apart.
        pages = [page.extract_text(extraction_mode="layout") for page in reader.pages]
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise UnsupportedDocument("Không đọc được tệp .pdf (tệp hỏng hoặc có mật khẩu?).") from exc
    text = "\n".join(pages)
    if not text.strip():
        raise UnsupportedDocument("Tệp .pdf không có chữ (bản chụp?): hãy gửi bản .docx.")
    return text
