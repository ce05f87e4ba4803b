"""Where a directive's text comes from on the command line: a file, or an http(s) URL.

A URL is fetched with httpx. Its file name comes from Content-Disposition or the path,
its kind from the name or the Content-Type; a web page (the office's site often carries
the directive as an article) is read as text without its markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import httpx

from bot.app.errors import UserError
from bot.directives.text import UnsupportedDocument, load_text
from bot.text.i18n import N_

MAX_BYTES = 20 * 1024 * 1024
_SUFFIXES = {
    "text/plain": ".txt",
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "text/html": ".html",
}
_FILENAME = re.compile(r"""filename\*?=(?:UTF-8'')?["']?([^"';]+)""", re.IGNORECASE)
_BLOCKS = frozenset({"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "table", "section"})
# Cells of a layout table (organisation | motto, Nơi nhận | signature) become columns
# apart by a wide gap, which is how the extractor reads a two-column page.
_COLUMN_GAP = " " * 8
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Source:
    name: str
    content: bytes

    @property
    def is_page(self) -> bool:
        return self.name.lower().endswith((".html", ".htm"))

    def text(self) -> str:
        if self.is_page:
            return page_text(self.content.decode("utf-8", errors="replace"))
        try:
            return load_text(self.name, self.content)
        except UnsupportedDocument as problem:
            raise UserError(
                N_("Cannot read {name}: {problem}"), name=self.name, problem=problem
            ) from None


def is_url(target: str) -> bool:
    return target.startswith(("http://", "https://"))


def read_file(path: Path) -> Source:
    try:
        content = path.read_bytes()
    except OSError as error:
        raise UserError(
            N_("Cannot open {file}: {reason}"), file=str(path), reason=error.strerror or error
        ) from None
    return Source(path.name, content)


async def fetch(url: str, transport: httpx.AsyncBaseTransport | None = None) -> Source:
    """Download a document; a clear UserError for anything but a readable 200 answer."""
    try:
        async with httpx.AsyncClient(
            transport=transport, follow_redirects=True, timeout=30.0
        ) as client:
            response = await client.get(url)
    except httpx.HTTPError as error:
        raise UserError(N_("Cannot fetch {url}: {reason}"), url=url, reason=error) from None
    if response.status_code != 200:
        raise UserError(
            N_("Cannot fetch {url}: the server answered {status}."),
            url=url,
            status=response.status_code,
        )
    if len(response.content) > MAX_BYTES:
        raise UserError(N_("{url} is over 20 MB, too big to read."), url=url)
    return Source(_name(url, response), response.content)


def _name(url: str, response: httpx.Response) -> str:
    found = _FILENAME.search(response.headers.get("content-disposition", ""))
    name = unquote(found[1]).strip() if found else ""
    if not name:
        name = PurePosixPath(unquote(urlsplit(url).path)).name or "document"
    if not PurePosixPath(name).suffix:
        kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
        name += _SUFFIXES.get(kind, "")
    return name


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(_COLUMN_GAP)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(_SPACES.sub(" ", data))


def page_text(page: str) -> str:
    """The text of a web page, one line per paragraph, without scripts and styles."""
    parser = _Page()
    parser.feed(page)
    lines = [line.strip() for line in "".join(parser.parts).splitlines()]
    return "\n".join(line for line in lines if line)
