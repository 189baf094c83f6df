"""Reading one article file: boilerplate removed, metadata kept, the cleaned text every offset refers to."""

from __future__ import annotations

import codecs
import hashlib
import html
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

from . import injection
from .readers import FileText, UnreadableFile, read_docx, read_pdf
from .text import MD_IMAGE, MD_LINK, MONTHS_DE, MONTHS_EN, split_sentences
from .types import Document, Withheld

SUPPORTED_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx"}
__all__ = ["SUPPORTED_SUFFIXES", "UnreadableFile", "clean_article", "load_document"]
CLEANER_VERSION = "8"  # bump when cleaning or what ingest stores changes, so that ingest redoes every document

# Lines dropped wherever they stand (whole-line, case-insensitive).
_DROP_LINE = re.compile(
    r"^(werbung|anzeige|advertisement|advertising|sponsored( content)?|teilen|((diesen|den)\s+)?(artikel|beitrag|seite)"
    r"\s+(jetzt\s+)?teilen(\s*:.{0,80})?|jetzt teilen|"
    r"(jetzt\s+)?(den\s+|unseren\s+)?newsletter\s+(abonnieren|bestellen)\b.{0,80}|"
    r"(sie haben|haben sie) (einen hinweis|eine frage|fragen|anregungen)\?\s*"
    r"(schreiben|kontaktieren|melden|mailen) sie\b.{0,80}|"
    r"drucken|kommentare?|comments?( \(\d+\))?|share|share this( article| story| page)?|"
    r"(auf|bei|via|per|on)\s+[\w.-]+(\s+[\w.-]+)?\s+(teilen|share)|(teilen|share|tweet|posten)\s+(auf|bei|via|per|on)\s+"
    r".{1,40}|link kopieren|copy link|artikel (merken|drucken|versenden)|e-mail|email|facebook|twitter|x|whatsapp|"
    r"linkedin|telegram|pinterest|xing|threads|bluesky|mail|print|print this (article|page)|page \d+ of \d+|"
    r"seite \d+ von \d+|mit whatsapp immer auf dem neuesten stand bleiben!?|abonnieren sie .*|folgen sie uns .*|"
    r"(sign up|subscribe|register) (for|to|now)\b.{0,80}|follow us .*|subscribe|abonnieren|log ?in|anmelden|"
    r"menu|menü|skip to( main)? content|zum inhalt( springen)?|direkt zum inhalt|(click|tap) here\b.{0,80}|"
    r"hier klicken\b.{0,80}|(advertisement|anzeige|werbung)\s*[-–:]\s*.{0,40}|(share|teilen)( via| on| this"
    r"( article| story| page)?)?\s*:.{0,80}|(copyright|©)\s*(\d{4}|by)\b.{0,120}|"
    r".{0,80}(all rights reserved|alle rechte vorbehalten).{0,40}|"
    r"(updated|published|posted|aktualisiert|veröffentlicht)?\s*(vor\s+)?\d+\s+(minutes?|"
    r"hours?|days?|minuten|stunden|tagen?)( ago)?|[-*_ ]{3,}|"
    r"(wir verwenden|diese (web)?seite verwendet|we use|this (web)?site uses) cookies.{0,200}|"
    r"(accept|reject|manage)( all| cookies| preferences)*|alle akzeptieren|"
    r"(illustration|foto|bild|quelle|grafik|photo|picture|image|credit)\s*:\s*.{1,60}|"
    r"gastbeiträge geben die meinung der autoren wieder.*|.*diesem link folgen:?)$",
    re.IGNORECASE,
)
# A subscription offer: a short line, no full stop, naming a trial period or price and reading or testing the paper
# digitally ("Jetzt 4 Wochen digital lesen für 0,99 €", "Abo testen: 1 Monat gratis").
_OFFER = re.compile(r"^(?=.{0,120}$)(?!.*\.$)(?=.*\b(\d+\s+(wochen|monate?)|gratis|kostenlos)\b)"
                    r"(?=.*\b(digital|abo|e-paper|plus)\b).*\b(lesen|testen|sichern|abonnieren)\b", re.IGNORECASE)
# A line that starts the page footer: it and everything after it go (related links, tag lists, junk).
_FOOTER = re.compile(
    r"^((das könnte sie auch interessieren|verwendete schlagwörter|auch interessant|mehr zum thema|"
    r"weitere artikel|more on this (story|topic)|more from .{1,40}|mehr aus .{1,40}|since you.re here.*|"
    r"(you )?(may|might) also like|most (read|popular|viewed)|recommended( for you)?|"
    r"meistgelesen(e)?( artikel| nachrichten)?|am meisten gelesen|meistgeklickt|beliebteste artikel)\s*:?|"
    r"related( stories| articles| content| topics)?\s*(:.{0,200})?|"
    r"(schlagwörter|tags|topics|themen)\s*(:.{0,200})?)$",
    re.IGNORECASE,
)
# A teaser line ("Read more:", "Lesen Sie auch:"): dropped with the headline after it, wherever it stands.
_TEASER = re.compile(r"^(read more|see also|lesen sie auch|lesen sie mehr|auch lesenswert)\s*:?$", re.IGNORECASE)
_CATEGORY = re.compile(r"^(politik|wirtschaft|ausland|inland|meinung|kultur|sport|welt|politics|business|world|"
                       r"opinion|culture|technology|tech|science|news|nachrichten|local|lokales|uk|us|home|"
                       r"startseite|local news|lokalnachrichten)$", re.IGNORECASE)
# A caption's label at its start ("Image caption: …"), dropped like a credit.
_CAPTION_LABEL = re.compile(r"^(?:image caption|caption|bildunterschrift|bildtext)\s*:\s*", re.IGNORECASE)
# A photo credit at the end of a caption, so that it equals the caption repeated without it.
_CREDIT = re.compile(r"\s+(?:foto|bild|photo|picture|image|credit)\s*:\s*[^.:]{1,60}$", re.IGNORECASE)
_WEEKDAY = (r"(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|monday|tuesday|wednesday|thursday|"
            r"friday|saturday|sunday|mo|di|mi|do|fr|sa|so|mon|tue|wed|thu|fri|sat|sun)\.?,?\s+")
_DATE_PREFIX = (r"(?:(?:veröffentlicht|aktualisiert|erschienen|zuletzt\s+aktualisiert|published|updated|posted|"
                r"stand|datum|date)(?:\s+(?:am|on))?\s*:?\s*)?")
_TIME = (r"(?:\s*(?:[,|·–-]|um|at)?\s*\d{1,2}[:.]\d{2}(?:\s*(?:uhr|h|am|pm|mez|mesz|cet|cest|utc|gmt|bst|"
         r"est|edt|pst|pdt))?)?")
_DATE_FORMS = [  # (the date's pattern, the order of its day/month/year groups)
    (r"(\d{1,2})\.\s*([a-zäé]+)\.?,?\s+(\d{4})", "dmy"),  # 5. März, 2026 / 5. März 2026
    (r"(\d{1,2})\.(\d{1,2})\.(\d{4})", "dmy"),  # 05.03.2026
    (r"(\d{1,2})\s+([a-z]+)\.?,?\s+(\d{4})", "dmy"),  # 5 March 2026
    (r"([a-zäé]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", "mdy"),  # March 5, 2026
    (r"(\d{4})-(\d{2})-(\d{2})", "ymd"),  # 2026-03-05
]
_DATE_LINES = [(re.compile(rf"^{_DATE_PREFIX}(?:{_WEEKDAY})?{form}{_TIME}$", re.IGNORECASE), order)
               for form, order in _DATE_FORMS]
_DATE_TAG = re.compile(r"^\s*date\s+(\d{4}-\d{2}(?:-\d{2})?)\s*")
_AUTHOR = re.compile(r"^(?:(?i:(?:(?:ein\s+)?(?:gastkommentar|gastbeitrag|kommentar|analyse|text|bericht)?\s*von|"
                     r"autor(?:in)?\s*:|by)\s+)(.{3,60})|([A-ZÄÖÜ][\w.-]+(?:\s+[A-ZÄÖÜ][\w.-]+){1,3}),\s+[\w ]{0,30}"
                     r"(?i:correspondent|reporter(?:in)?|editor|writer|korrespondent(?:in)?|redakteur(?:in)?))$")
_BYLINE_DATE = re.compile(r"^(.{3,80}?)\s*(?:[|·,–—]|\s-\s)\s*(.{6,60})$")
_EDGE = 6  # how many paragraphs at either end of an article can hold its dateline
_TRANSLATOR = re.compile(r"^aus dem \w+ von (.{3,60})$", re.IGNORECASE)


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
    suffix = path.suffix.lower()
    html_title, note = None, ""
    hidden: list[Withheld] = []
    meta = FileText("")
    if suffix == ".pdf":
        meta = read_pdf(raw, path.name)
        text = meta.text
    elif suffix == ".docx":
        meta = read_docx(raw)
        text = meta.text
    else:
        text, note = decode(raw)
    if suffix in {".html", ".htm"}:
        text, html_title, hidden = html_to_text(text)
    elif suffix in {".md", ".markdown"}:
        text = markdown_to_text(text)
    digest = hashlib.sha256(raw + f"|{CLEANER_VERSION}|{fingerprint}".encode()).hexdigest()
    doc = clean_article(text, doc_id=path.name, content_hash=digest)
    if html_title and doc.title.endswith("…"):
        doc.title = html_title
    doc.title = meta.title or doc.title  # what the file says of itself goes first; the text's own byline next
    doc.author = doc.author or meta.author
    doc.date = doc.date or meta.date
    doc.decoding = note
    doc.removed = meta.removed + doc.removed
    return withhold(doc, hidden)


def withhold(doc: Document, hidden: list[Withheld] | None = None) -> Document:
    """Blank the sentences addressed to an AI out of the text (injection.py) and record them with the text hidden
    from readers; a title that is such a sentence is replaced by the document id."""
    found = injection.scan(doc.text)
    doc.withheld = [*(hidden or []), *found]
    doc.text = injection.blank(doc.text, found)
    if injection.reason_for(doc.title):
        doc.title = doc.doc_id
    return doc


def clean_article(raw: str, doc_id: str, content_hash: str = "") -> Document:
    """Split into paragraphs, drop boilerplate and duplicates, pull out title/date/author."""
    date: str | None = None
    removed: list[str] = []
    lines = [re.sub(r"[ \t\u00a0]+", " ", ln).strip() for ln in raw.replace("\r\n", "\n").split("\n")]
    paragraphs: list[str] = []
    teaser = False
    for i, line in enumerate(lines):
        if not line:
            continue
        if teaser and _looks_like_title(line):  # the teased headline
            removed.append(line)
            teaser = False
            continue
        teaser = False
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
        if _DROP_LINE.match(line) or _OFFER.match(line) or _is_furniture(line):
            removed.append(line)
            continue
        if _TEASER.match(line):
            removed.append(line)
            teaser = True
            continue
        if label := _CAPTION_LABEL.match(line):
            removed.append(label.group(0).strip())
            line = line[label.end():]
        if len(line) < 200 and (credit := _CREDIT.search(line)):
            removed.append(credit.group(0).strip())
            line = line[: credit.start()]
        paragraphs.append(line)

    # Category lines before the title; datelines among the first and the last lines.
    title: str | None = None
    date, paragraphs = _datelines(paragraphs, removed, date)
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
            author = (m.group(1) or m.group(2)).strip()
    return Document(
        doc_id=doc_id, title=title, date=date, author=author, translator=translator,
        text="\n\n".join(paragraphs), content_hash=content_hash, removed=removed,
    )


def _is_furniture(line: str) -> bool:
    """A line of short parts between "|", "·", "›", "»", ">" or "/" of which one is boilerplate or a section name: a
    breadcrumb ("Sport | Athletics"), a masthead ("NORTHERN CHRONICLE | News | Advertisement"), a page's foot ("Page 1
    of 2 | Share | Print")."""
    parts = [p.strip() for p in re.split(r"\s[|·›»>/]\s", line)]
    return (len(parts) > 1 and all(0 < len(p.split()) <= 4 for p in parts)
            and any(_DROP_LINE.match(p) or _CATEGORY.match(p) for p in parts))


def _datelines(paragraphs: list[str], removed: list[str], date: str | None) -> tuple[str | None, list[str]]:
    """Drop one-word category lines at the top and dateline paragraphs among the first and last ``_EDGE``; the
    first date found is the article's. A byline with a date ("Von X | 5. März 2026") keeps the byline."""
    while paragraphs and (_CATEGORY.match(paragraphs[0]) or parse_date(paragraphs[0])):
        date = date or parse_date(paragraphs[0])
        removed.append(paragraphs.pop(0))
    n = len(paragraphs)
    kept = []
    for i, p in enumerate(paragraphs):
        if _EDGE <= i < n - _EDGE:
            kept.append(p)
            continue
        if (d := parse_date(p)) is not None:
            date = date or d
            removed.append(p)
            continue
        m = _BYLINE_DATE.match(p)
        if m and _AUTHOR.match(m.group(1).strip()) and (d := parse_date(m.group(2))) is not None:
            date = date or d
            removed.append(m.group(2))
            p = m.group(1).strip()
        kept.append(p)
    return date, kept


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


def parse_date(line: str) -> str | None:
    """A line that is only a date (a dateline), German or English, with an optional "Veröffentlicht am",
    weekday or time → ISO "YYYY-MM-DD"; anything else → None."""
    line = line.strip().strip("|·–- ")
    for pattern, order in _DATE_LINES:
        if (m := pattern.match(line)) is None:
            continue
        parts = dict(zip(order, m.groups(), strict=True))
        month = _month(parts["m"])
        day, year = int(parts["d"]), int(parts["y"])
        if month and 1 <= day <= 31 and 1900 <= year <= 2100:
            return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def _month(word: str) -> int | None:
    if word.isdigit():
        return int(word) if 1 <= int(word) <= 12 else None
    word = word.lower().rstrip(".")
    for months in (MONTHS_DE, MONTHS_EN):
        if word in months:
            return months[word]
        if len(word) >= 3:  # "Jan", "Sept", "Mär"
            hits = {n for name, n in months.items() if name.startswith(word)}
            if len(hits) == 1:
                return hits.pop()
    return None


def markdown_to_text(md: str) -> str:
    """Plain text from Markdown: no images (never fetched), links reduced to their text, no markup."""
    md = MD_IMAGE.sub("", md)
    md = MD_LINK.sub(r"\1", md)
    md = re.sub(r"(?m)^\s{0,3}#{1,6}\s*", "", md)
    md = re.sub(r"(?m)^\s*[-*+]\s+", "", md)
    md = re.sub(r"(\*\*|__|`)", "", md)
    md = re.sub(r"(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])", "", md)  # *emphasis*, also across a line's end
    return md


class _TextExtractor(HTMLParser):
    BLOCK = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "section", "article",
             "figcaption", "tr"}
    SKIP = {"script", "style", "noscript", "nav", "footer", "header", "aside", "form", "iframe", "svg"}

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: str | None = None
        self.hidden: list[Withheld] = []
        self._skip = 0
        self._in_title = False
        self._hidden_tags: list[str] = []  # open elements from the first hidden one inwards
        self._hidden_text: list[str] = []
        self._hidden_why = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        why = "" if self._hidden_tags or tag in self.VOID else _hidden_by(attrs)
        if (self._hidden_tags or why) and tag not in self.VOID:
            if why:
                self._hidden_why = why
            self._hidden_tags.append(tag)
            return
        if tag in self.SKIP:
            self._skip += 1
        elif tag == "title":
            self._in_title = True
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self._hidden_tags:
            if tag in self._hidden_tags:
                while self._hidden_tags.pop() != tag:
                    pass
            if not self._hidden_tags:
                self._keep_hidden(" ".join(self._hidden_text), self._hidden_why)
                self._hidden_text = []
            return
        if tag in self.SKIP and self._skip:
            self._skip -= 1
        elif tag == "title":
            self._in_title = False
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_comment(self, data: str) -> None:
        self._keep_hidden(data, "an HTML comment")

    def _keep_hidden(self, text: str, why: str) -> None:
        text = " ".join(text.split())
        if len(text.split()) >= 3:  # "<!-- ad slot -->" is not worth listing
            rule = injection.reason_for(text)
            reason = f"hidden from readers ({why})" + (f"; {rule}" if rule else "")
            self.hidden.append(Withheld(start=-1, end=-1, text=text[:500], reason=reason))

    def handle_data(self, data: str) -> None:
        if self._hidden_tags:
            self._hidden_text.append(data)
            return
        if self._in_title:
            self.title = (self.title or "") + data.strip()
        elif not self._skip:
            self.parts.append(data)


_HIDING_STYLE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?:\.0*)?\s*(?:px|pt|em|rem|%)?\s*(?:;|$|!)|"
    r"opacity\s*:\s*0(?:\.0*)?\s*(?:;|$|!)|(?<![\w-])color\s*:\s*(?:white|#fff(?:fff)?\b|rgba?\(\s*255\s*,\s*255\s*,\s*255)|"
    r"(?:height|width)\s*:\s*0(?:px)?\s*;.*overflow\s*:\s*hidden|(?:left|top)\s*:\s*-\d{4,}px",
    re.IGNORECASE,
)


def _hidden_by(attrs: list[tuple[str, str | None]]) -> str:
    """Why an element's text is hidden from readers ("" when it is not)."""
    for name, value in attrs:
        if name == "hidden":
            return "the hidden attribute"
        if name == "style" and value and (m := _HIDING_STYLE.search(value)):
            return f"style {' '.join(m.group(0).split())[:40]}"
    return ""


def html_to_text(source: str) -> tuple[str, str | None, list[Withheld]]:
    """The page's readable text, its <title>, and the text hidden from readers (comments, hidden elements)."""
    parser = _TextExtractor()
    parser.feed(source)
    parser.close()
    return html.unescape("".join(parser.parts)), parser.title, parser.hidden
