"""Text and metadata from PDF (pypdf: the text layer) and Word files (python-docx).

Both are maintained pure-Python readers (installed: pypdf 4.2 MB, python-docx 2.9 MB plus lxml 12 MB) that need no
model weights or system tools; docling and unstructured bring torch and download layout models. A PDF without a
text layer (a scan) is refused with the reason rather than OCR'd.
"""

from __future__ import annotations

import io
import itertools
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tqdm import tqdm


class UnreadableFile(Exception):
    """A file ingest skips; ``str(exc)`` is the reason for the ingest summary."""


@dataclass
class FileText:
    text: str
    title: str | None = None
    author: str | None = None
    date: str | None = None
    removed: list[str] = field(default_factory=list)  # page furniture the reader dropped


def read_pdf(raw: bytes, name: str = "") -> FileText:
    if not raw.lstrip()[:5] == b"%PDF-":
        raise UnreadableFile("not a PDF: the content does not match the .pdf extension")
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PdfReadError

    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted:
            try:
                opened = bool(reader.decrypt(""))  # only an owner password: readable without one
            except (DependencyError, NotImplementedError, PdfReadError):
                opened = False
            if not opened:
                raise UnreadableFile("encrypted PDF: save a copy without a password and add that")
        pages = reader.pages
        bar = tqdm(pages, desc=f"{name}: pages", unit="page", leave=False, disable=None if len(pages) > 20 else True)
        pages_text = [page.extract_text() or "" for page in bar]
        info = reader.metadata
    except UnreadableFile:
        raise
    except Exception as exc:  # pypdf raises many kinds on a damaged file
        raise UnreadableFile(f"damaged PDF ({type(exc).__name__}: {str(exc)[:80]})") from exc
    kept, removed = _without_furniture(pages_text)
    text = _join_pages([t for t in map(_unwrap, kept) if t.strip()])
    if len(re.findall(r"\w", text)) < 20 * max(1, len(pages_text)) // 2:
        raise UnreadableFile(f"no text layer in {len(pages_text)} page(s) (a scan?): run OCR first, e.g. `ocrmypdf`")
    title = _meta(info.title if info else None)
    if title and re.match(r"(?i)(microsoft word|untitled|unbenannt|dokument\d*$)", title):
        title = None
    created = info.creation_date if info else None
    return FileText(text, title, _meta(info.author if info else None), _iso(created), removed)


def read_docx(raw: bytes) -> FileText:
    if not raw.startswith(b"PK"):
        raise UnreadableFile("not a Word file: the content is not a .docx (zip) package")
    import docx

    try:
        document = docx.Document(io.BytesIO(raw))
    except Exception as exc:
        raise UnreadableFile(f"damaged .docx ({type(exc).__name__}: {str(exc)[:80]})") from exc
    paragraphs = [p.text for p in document.paragraphs]
    for table in document.tables:
        paragraphs += [" | ".join(c.text for c in row.cells) for row in table.rows]
    props = document.core_properties
    return FileText("\n\n".join(paragraphs), _meta(props.title) or _heading(document), _meta(props.author),
                    _iso(props.created))


def _heading(document: Any, within: int = 3) -> str | None:
    """The text of a paragraph styled as the title ("Title", "Heading 1"; German Word: "Titel", "Überschrift 1")
    among a Word document's first ``within`` paragraphs: where the file's properties name no title, this is the
    headline, though a masthead or section line may stand above it. One further down heads a section."""
    top = itertools.islice((p for p in document.paragraphs if p.text.strip()), within)  # not every paragraph's text
    for p in top:
        style = {p.style.name, p.style.style_id} if p.style is not None else set()
        if style & _TITLE_STYLES:
            return str(p.text.strip())
    return None


_TITLE_STYLES = {"Title", "Heading 1", "Heading1", "Titel", "Überschrift 1", "Überschrift1"}  # names and ids


# A page number, alone or beside a short name: "3", "Seite 2 von 5", "Page 4", "14 | Ostalb-Kurier", "Kurier · S. 3".
_PAGE_NUMBER = re.compile(
    r"(?i)^(?:(?:seite|page|s\.)\s*)?\d{1,4}(?:\s*(?:von|of|/)\s*\d{1,4})?$|"
    r"^(?:(?:seite|page|s\.)\s*)?\d{1,4}\s*[|·•–—]\s*\S.{0,60}$|^\S.{0,60}?\s*[|·•–—]\s*(?:(?:seite|page|s\.)\s*)?\d{1,4}$")


def _without_furniture(pages: list[str], edge: int = 2) -> tuple[list[str], list[str]]:
    """The pages without their running heads and feet, which would stand in the middle of the text (a sentence runs
    on over the page break): a line among a page's first or last ``edge`` lines that stands at an edge of another
    page too (its digits aside: "2 | Ostalb-Kurier", a dated masthead), or a page number standing first or last on
    its page. The first page keeps its head (it names the paper); a one-page file keeps a foot it cannot be seen to
    repeat unless it is a page number. Returns the pages and the lines dropped."""
    def key(line: str) -> str:
        return re.sub(r"\d+", "#", " ".join(line.split())).lower()

    lines = [page.splitlines() for page in pages]
    full = [[i for i, ln in enumerate(ls) if ln.strip()] for ls in lines]  # the lines with text, by index
    at_edge = [set(f[:edge] + f[-edge:]) for f in full]
    edges = [{key(ls[i]) for i in e} for ls, e in zip(lines, at_edge, strict=True)]
    repeated = {k for k in set().union(*edges) if sum(k in e for e in edges) > 1} if len(pages) > 1 else set()
    kept, removed = [], []
    for n, (ls, f, e) in enumerate(zip(lines, full, at_edge, strict=True)):
        drop = {i for i in e if key(ls[i]) in repeated and not (n == 0 and i in f[:edge])}  # page 1's head stays
        drop |= {i for i in f[:1] + f[-1:] if _PAGE_NUMBER.match(ls[i].strip())}
        kept.append("\n".join(ln for i, ln in enumerate(ls) if i not in drop))
        removed += [ls[i].strip() for i in sorted(drop)]
    return kept, removed


def _join_pages(pages: list[str]) -> str:
    """The pages' text; a sentence that runs on over a page break is joined again (hyphenated words too)."""
    text = ""
    for page in pages:
        if not text:
            text = page
        elif text.endswith("-") and page[:1].islower():
            text = text[:-1] + page
        elif text.endswith((".", "!", "?", ":", "“", '"', "»", ")")):
            text = f"{text}\n\n{page}"
        else:
            text = f"{text} {page}"
    return text


def _unwrap(page: str) -> str:
    """A page's lines as paragraphs: a line ending a sentence well short of the widest line ends a paragraph,
    so does a short line (a heading), which after a sentence's end stands alone ("Page 1 of 2"); other lines are
    one paragraph hard-wrapped, and words hyphenated at the end of a line are joined."""
    lines = [ln.strip() for ln in page.splitlines()]
    widest = max((len(ln) for ln in lines), default=0)
    out: list[str] = []
    current = ""
    for ln in lines:
        if not ln:
            if current:
                out.append(current)
            current = ""
            continue
        short = len(ln) < 0.6 * widest
        if short and current.endswith((".", "!", "?", "“", '"')):  # a heading or page furniture after a sentence
            out.append(current)
            current = ""
        current = current[:-1] + ln if current.endswith("-") and ln[:1].islower() else f"{current} {ln}".strip()
        if short or (ln.endswith((".", "!", "?", ":", "“", '"')) and len(ln) < 0.85 * widest):
            out.append(current)
            current = ""
    if current:
        out.append(current)
    return "\n\n".join(out)


def _meta(value: object) -> str | None:
    text = " ".join(str(value).split()) if value else ""
    return text or None


def _iso(value: object) -> str | None:
    return value.strftime("%Y-%m-%d") if isinstance(value, datetime) else None
