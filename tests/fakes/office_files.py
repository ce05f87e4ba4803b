"""Word and PDF files made from plain text, as an office would send them: a .docx with one
paragraph per line, a .pdf whose long lines wrap as a printed page does (so the reader has
to join them again). The corpus's .docx and .pdf reports were made with these."""

from __future__ import annotations

import io
import textwrap

_WIDTH = 95  # characters on a printed line of the PDF
_LINES_PER_PAGE = 60


def make_docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _to_unicode(chars: list[str]) -> str:
    bfchar = "\n".join(f"<{ord(c):04X}> <{ord(c):04X}>" for c in chars)
    return (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        f"{len(chars)} beginbfchar\n{bfchar}\nendbfchar\n"
        "endcmap CMapName currentdict /CMap defineresource pop end end"
    )


def make_pdf(text: str) -> bytes:
    """A PDF of `text`, long lines wrapped, with a ToUnicode map so that Vietnamese text can
    be extracted without embedding a font."""
    lines: list[str] = []
    for line in text.splitlines():
        lines += textwrap.wrap(line, _WIDTH, drop_whitespace=False) or [""]
    pages = [lines[i : i + _LINES_PER_PAGE] for i in range(0, len(lines), _LINES_PER_PAGE)]
    chars = sorted({c for line in lines for c in line} | {" "})
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "",  # the page tree, once the pages are numbered
        "<< /Type /Font /Subtype /Type0 /BaseFont /Arial /Encoding /Identity-H "
        "/DescendantFonts [4 0 R] /ToUnicode 5 0 R >>",
        "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Arial /DW 500 "
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> >>",
        f"<< /Length {len(_to_unicode(chars).encode())} >>\n"
        f"stream\n{_to_unicode(chars)}\nendstream",
    ]
    kids = []
    for page in pages:
        ops = ["BT", "/F1 9 Tf"]
        for row, line in enumerate(page):
            glyphs = "".join(f"{ord(c):04X}" for c in line)
            ops.append(f"1 0 0 1 30 {800 - 13 * row} Tm <{glyphs}> Tj")
        ops.append("ET")
        content = "\n".join(ops)
        objects.append(f"<< /Length {len(content.encode())} >>\nstream\n{content}\nendstream")
        objects.append(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {len(objects)} 0 R >>"
        )
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    return pdf_file(objects)


def pdf_file(objects: list[str]) -> bytes:
    """A PDF file of these objects (numbered from 1, the catalog first), with its xref."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)
