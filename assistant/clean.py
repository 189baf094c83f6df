"""Reading one article file: boilerplate removed, metadata kept, the cleaned text every offset refers to."""

from __future__ import annotations

import codecs
import hashlib
import html
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

from .text import MD_IMAGE, MD_LINK, MONTHS_DE, split_sentences
from .types import Document

SUPPORTED_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm"}
CLEANER_VERSION = "3"  # bump when cleaning or what ingest stores changes, so that ingest redoes every document

# Lines dropped wherever they stand (whole-line, case-insensitive).
_DROP_LINE = re.compile(
    r"^(werbung|anzeige|teilen|beitrag teilen|artikel teilen|jetzt teilen|drucken|kommentare?|"
    r"mit whatsapp immer auf dem neuesten stand bleiben!?|abonnieren sie .*|folgen sie uns .*|"
    r"(illustration|foto|bild|quelle|grafik)\s*:\s*.{1,60}|"
    r"gastbeiträge geben die meinung der autoren wieder.*|.*diesem link folgen:?)$",
    re.IGNORECASE,
)
# A line that starts the page footer: it and everything after it go (related links, tag lists, junk).
_FOOTER = re.compile(
    r"^(das könnte sie auch interessieren|verwendete schlagwörter|auch interessant|mehr zum thema|"
    r"weitere artikel|schlagwörter|tags)\s*:?$",
    re.IGNORECASE,
)
_CATEGORY = re.compile(r"^(politik|wirtschaft|ausland|inland|meinung|kultur|sport|welt)$", re.IGNORECASE)
_DATE_DE = re.compile(r"^(\d{1,2})\.\s*([A-Za-zäÄ]+),?\s+(\d{4})$")
_DATE_TAG = re.compile(r"^\s*date\s+(\d{4}-\d{2}(?:-\d{2})?)\s*")
_AUTHOR = re.compile(r"^(?:ein\s+)?(?:gastkommentar|gastbeitrag|kommentar|analyse|text)?\s*von\s+(.{3,60})$",
                     re.IGNORECASE)
_TRANSLATOR = re.compile(r"^aus dem \w+ von (.{3,60})$", re.IGNORECASE)


class UnreadableFile(Exception):
    """A file ingest skips; ``str(exc)`` is the reason for the ingest summary."""


def decode(raw: bytes) -> tuple[str, str]:
    """The text of a file and a note on how it was decoded. Nothing is dropped or replaced: a file that does
    not decode cleanly is refused with the reason (UTF-8 with a broken byte, binary data), never half-read."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError as exc:
            raise UnreadableFile(f"invalid UTF-16 at byte {exc.start}") from exc
    raw = raw.removeprefix(codecs.BOM_UTF8)
    if b"\x00" in raw:
        raise UnreadableFile("binary data (NUL bytes)")
    try:
        text, note = raw.decode("utf-8"), ""
    except UnicodeDecodeError as exc:
        if _UTF8_MULTIBYTE.search(raw):  # meant as UTF-8, but broken: refuse rather than guess
            raise UnreadableFile(f"invalid UTF-8 at byte {exc.start}: {raw[exc.start:exc.start + 4]!r}") from exc
        try:
            text, note = raw.decode("cp1252"), "decoded as Windows-1252 (Latin-1)"
        except UnicodeDecodeError:
            text, note = raw.decode("latin-1"), "decoded as Latin-1"
    controls = sum(unicodedata.category(c) == "Cc" and c not in "\n\r\t\f" for c in text)
    if controls > max(2, len(text) // 200):
        raise UnreadableFile(f"binary data ({controls} control characters)")
    return text, note


_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def load_document(path: Path, fingerprint: str = "", max_bytes: int | None = None) -> Document:
    """``content_hash`` covers the raw bytes, the cleaner version and ``fingerprint`` (chunking settings), so a
    change to any of them makes ingest redo the document. Raises ``UnreadableFile`` for files ingest skips."""
    size = path.stat().st_size
    if max_bytes is not None and size > max_bytes:
        raise UnreadableFile(f"too large: {size / 1e6:.1f} MB, the limit is {max_bytes / 1e6:.0f} MB "
                             "(ASSISTANT_MAX_FILE_MB)")
    raw = path.read_bytes()
    text, note = decode(raw)
    suffix = path.suffix.lower()
    html_title = None
    if suffix in {".html", ".htm"}:
        text, html_title = html_to_text(text)
    elif suffix in {".md", ".markdown"}:
        text = markdown_to_text(text)
    digest = hashlib.sha256(raw + f"|{CLEANER_VERSION}|{fingerprint}".encode()).hexdigest()
    doc = clean_article(text, doc_id=path.name, content_hash=digest)
    if html_title and doc.title.endswith("…"):
        doc.title = html_title
    doc.decoding = note
    return doc


def clean_article(raw: str, doc_id: str, content_hash: str = "") -> Document:
    """Split into paragraphs, drop boilerplate and duplicates, pull out title/date/author."""
    date: str | None = None
    removed: list[str] = []
    lines = [re.sub(r"[ \t\u00a0]+", " ", ln).strip() for ln in raw.replace("\r\n", "\n").split("\n")]
    paragraphs: list[str] = []
    for i, line in enumerate(lines):
        if not line:
            continue
        tag = _DATE_TAG.match(line)
        if tag:
            date = date or tag.group(1)
            removed.append(tag.group(0).strip())
            line = line[tag.end():].strip()
            if not line:
                continue
        if _FOOTER.match(line):
            removed.extend(ln for ln in lines[i:] if ln)
            break
        if _DROP_LINE.match(line):
            removed.append(line)
            continue
        paragraphs.append(line)

    # Header: a date line and a one-word category line before the title.
    title: str | None = None
    while paragraphs:
        first = paragraphs[0]
        if (d := parse_german_date(first)) is not None:
            date = date or d
            removed.append(paragraphs.pop(0))
        elif _CATEGORY.match(first):
            removed.append(paragraphs.pop(0))
        else:
            break
    paragraphs = _drop_duplicates(paragraphs, removed)
    if paragraphs and _looks_like_title(paragraphs[0]) and not _AUTHOR.match(paragraphs[0]):
        title = paragraphs[0]
    if title is None:
        first = next((p for p in paragraphs if not _AUTHOR.match(p)), "")
        spans = split_sentences(first)
        sentence = first[spans[0][0]: spans[0][1]] if spans else first
        title = sentence if len(sentence) <= 90 else sentence[:87].rsplit(" ", 1)[0] + " …"

    author = translator = None
    for p in paragraphs:
        if translator is None and (m := _TRANSLATOR.match(p)):
            translator = m.group(1).strip()
        elif author is None and len(p) < 80 and (m := _AUTHOR.match(p)):
            author = m.group(1).strip()
    return Document(
        doc_id=doc_id, title=title, date=date, author=author, translator=translator,
        text="\n\n".join(paragraphs), content_hash=content_hash, removed=removed,
    )


def _drop_duplicates(paragraphs: list[str], removed: list[str]) -> list[str]:
    """Drop repeated captions/titles and pull quotes that stand again in a neighbouring paragraph."""
    kept: list[str] = []
    for i, p in enumerate(paragraphs):
        nxt = paragraphs[i + 1] if i + 1 < len(paragraphs) else ""
        prev = kept[-1] if kept else ""
        if p == prev or (len(p) >= 40 and p != nxt and (p in nxt or p in prev)):
            removed.append(p)
            continue
        kept.append(p)
    return kept


def _looks_like_title(line: str) -> bool:
    return len(line) <= 160 and not line.endswith((".", ":", "“", '"')) and len(split_sentences(line)) == 1


def parse_german_date(line: str) -> str | None:
    """"21. Dezember, 2024" → "2024-12-21"; anything else → None."""
    m = _DATE_DE.match(line.strip())
    if not m:
        return None
    month = MONTHS_DE.get(m.group(2).lower())
    if month is None:
        return None
    return f"{int(m.group(3)):04d}-{month:02d}-{int(m.group(1)):02d}"


def markdown_to_text(md: str) -> str:
    """Plain text from Markdown: no images (never fetched), links reduced to their text, no markup."""
    md = MD_IMAGE.sub("", md)
    md = MD_LINK.sub(r"\1", md)
    md = re.sub(r"(?m)^\s{0,3}#{1,6}\s*", "", md)
    md = re.sub(r"(?m)^\s*[-*+]\s+", "", md)
    md = re.sub(r"(\*\*|__|`)", "", md)
    return md


class _TextExtractor(HTMLParser):
    BLOCK = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "section", "article",
             "figcaption", "tr"}
    SKIP = {"script", "style", "noscript", "nav", "footer", "header", "aside", "form", "iframe", "svg"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: str | None = None
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self._skip += 1
        elif tag == "title":
            self._in_title = True
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self._skip:
            self._skip -= 1
        elif tag == "title":
            self._in_title = False
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title = (self.title or "") + data.strip()
        elif not self._skip:
            self.parts.append(data)


def html_to_text(source: str) -> tuple[str, str | None]:
    parser = _TextExtractor()
    parser.feed(source)
    parser.close()
    return html.unescape("".join(parser.parts)), parser.title
