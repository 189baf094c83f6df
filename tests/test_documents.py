"""Users' own documents: PDF and Word files made here, uploads under safe names, a clear reason for every file
that is refused, and datelines, bylines and share lines wherever the first or last lines hold them."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from assistant.clean import clean_article, load_document, parse_date
from assistant.ingest import safe_name

from .conftest import ScriptedLLM

BUDGET = [
    "Der Stadtrat von Lübeck hat am Dienstag den Haushalt für 2026 beschlossen. Er umfasst 1,2 Milliarden Euro, "
    "davon 310 Millionen für Schulen und Kitas.",
    "Kämmerin Petra Sommer sprach von einem Kraftakt. Die Opposition kritisierte die neuen Schulden von 85 Millionen "
    "Euro, die vor allem für den Bau der neuen Feuerwache nötig seien.",
]


def make_pdf(path: Path, paragraphs: list[str], title: str = "Lübeck beschließt Haushalt",
             author: str = "Jana Korn", pages: int = 1) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title(title)
    pdf.set_author(author)
    pdf.set_font("Helvetica", size=11)
    for n in range(pages):
        pdf.add_page()
        if n == 0:
            pdf.multi_cell(0, 6, title)
            pdf.ln(4)
        for p in paragraphs:
            pdf.multi_cell(0, 6, p)
            pdf.ln(4)
    pdf.output(str(path))
    return path


def make_docx(path: Path, paragraphs: list[str], title: str = "Sturmflut an der Ostsee",
              author: str = "Ole Hansen") -> Path:
    import docx

    d = docx.Document()
    d.core_properties.title = title
    d.core_properties.author = author
    d.add_heading(title, level=1)
    for p in paragraphs:
        d.add_paragraph(p)
    d.save(str(path))
    return path


def test_a_pdf_is_read_with_its_metadata_and_unwrapped(tmp_path):
    doc = load_document(make_pdf(tmp_path / "haushalt.pdf", BUDGET))
    assert doc.title == "Lübeck beschließt Haushalt" and doc.author == "Jana Korn" and doc.date
    assert "1,2 Milliarden Euro, davon 310 Millionen" in doc.text  # the hard line wrap is gone
    assert "Kämmerin Petra Sommer sprach von einem Kraftakt." in doc.text


def test_page_furniture_after_a_full_width_sentence_is_its_own_line(tmp_path):
    """A sentence that fills the widest line, then the page's foot: the foot is dropped, not glued to it."""
    last = "Die Bürgerversammlung zum Haushalt findet am Freitag im großen Saal des Rathauses statt, so die Stadt."
    doc = load_document(make_pdf(tmp_path / "haushalt.pdf", [*BUDGET, last, "Seite 1 von 1 | Teilen | Drucken"]))
    assert doc.text.endswith(last)


def make_epaper(path: Path, pages: list[list[str]], head: str, foot: str) -> Path:
    """A PDF laid out line by line like an e-paper: ``head`` above and ``foot`` (with {page}) below every page."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=10)
    for n, lines in enumerate(pages, start=1):
        pdf.add_page()
        for y, line in [(8, head), *((20 + 6 * i, ln) for i, ln in enumerate(lines)), (285, foot.format(page=n))]:
            pdf.set_xy(15, y)
            pdf.cell(0, 5, line)
    pdf.output(str(path))
    return path


def test_running_heads_and_page_numbers_of_a_pdf_go_and_a_sentence_runs_on_over_the_page_break(tmp_path):
    pages = [["Der Kreistag hat am Montag den Bau einer neuen Berufsschule in Weiden beschlossen. Die Kosten",
              "liegen bei 41 Millionen Euro, davon tragen Bund und Land zusammen 60 Prozent. Fertig sein soll",
              "der Neubau zum Schuljahr 2029/30, wenn die Bauarbeiten wie geplant im Frühjahr 2027 be-"],
             ["ginnen. Landrat Peter Schuster sprach von einer Investition in die Zukunft der Region.",
              "Die bisherige Schule stammt aus dem Jahr 1971 und wird danach abgerissen."],
             ["Auf dem frei werdenden Grundstück sollen Wohnungen entstehen."]]
    head = "STADTANZEIGER WEIDEN  ·  Lokales  ·  Dienstag, 3. März 2026"
    doc = load_document(make_epaper(tmp_path / "schule.pdf", pages, head, "{page} | Stadtanzeiger"))
    assert doc.text.count("STADTANZEIGER WEIDEN") == 1 and doc.text.startswith("STADTANZEIGER WEIDEN")  # it names the paper
    assert "| Stadtanzeiger" not in doc.text
    assert "wie geplant im Frühjahr 2027 beginnen. Landrat Peter Schuster" in doc.text  # one sentence, one word
    assert "41 Millionen Euro" in doc.text and "Wohnungen entstehen." in doc.text
    assert "2 | Stadtanzeiger" in doc.removed and doc.removed.count(head) == 2  # pages 2 and 3

    single = load_document(make_epaper(tmp_path / "kurz.pdf", [pages[2]], head, "Seite {page} | stadtanzeiger.example"))
    assert "stadtanzeiger.example" not in single.text and single.text.startswith("STADTANZEIGER WEIDEN")


def test_a_docx_is_read_with_its_metadata(tmp_path):
    doc = load_document(make_docx(tmp_path / "sturm.docx", ["Der Sturm richtete in Kiel Schäden von 40 Millionen "
                                                            "Euro an.", "Teilen auf Facebook"]))
    assert doc.title == "Sturmflut an der Ostsee" and doc.author == "Ole Hansen"
    assert "40 Millionen" in doc.text and "Facebook" not in doc.text


def test_a_docx_without_a_title_property_takes_its_heading(tmp_path):
    """Word leaves the title property empty unless someone fills it in: the headline is the paragraph styled as
    the title, not the masthead above it."""
    import docx

    d = docx.Document()
    d.add_paragraph("Kieler Tageblatt | Region")
    d.add_heading("Fähre nach Laboe fährt wieder", level=1)
    d.add_paragraph("Die Fähre nach Laboe fährt ab Montag wieder im Stundentakt.")
    d.save(str(tmp_path / "faehre.docx"))
    doc = load_document(tmp_path / "faehre.docx")
    assert doc.title == "Fähre nach Laboe fährt wieder"
    assert "Die Fähre nach Laboe fährt ab Montag wieder im Stundentakt." in doc.text
    report = docx.Document()  # a heading further down heads a section, not the document
    for text in ["Jahresbericht der Stadtwerke Laboe", "Die Stadtwerke versorgen 5.000 Haushalte.", "Die Fähre fährt.",
                 "Der Hafen wächst."]:
        report.add_paragraph(text)
    report.add_heading("Ausblick", level=1)
    report.save(str(tmp_path / "bericht.docx"))
    assert load_document(tmp_path / "bericht.docx").title == "Jahresbericht der Stadtwerke Laboe"


def test_bad_files_are_skipped_with_the_reason(tmp_path):
    from fpdf import FPDF
    from pypdf import PdfReader, PdfWriter

    scan = FPDF()
    scan.add_page()
    scan.rect(10, 10, 100, 100, style="F")  # a page with no text layer
    scan.output(str(tmp_path / "scan.pdf"))
    writer = PdfWriter(clone_from=PdfReader(make_pdf(tmp_path / "plain.pdf", BUDGET)))
    writer.encrypt(user_password="geheim", algorithm="RC4-128")
    with open(tmp_path / "locked.pdf", "wb") as f:
        writer.write(f)
    (tmp_path / "broken.pdf").write_bytes((tmp_path / "plain.pdf").read_bytes()[:300])
    (tmp_path / "text.pdf").write_text("Eigentlich nur Text.")
    (tmp_path / "notzip.docx").write_text("kein Zip")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "a zip, but no Word file")
    (tmp_path / "zip.docx").write_bytes(buf.getvalue())
    from assistant.clean import UnreadableFile

    expected = {"scan.pdf": "no text layer", "locked.pdf": "encrypted", "broken.pdf": "damaged PDF",
                "text.pdf": "not a PDF", "notzip.docx": "not a Word file", "zip.docx": "damaged .docx"}
    for name, reason in expected.items():
        with pytest.raises(UnreadableFile, match=reason):
            load_document(tmp_path / name)


def test_a_long_pdf_ingests_in_chunks(make_assistant, corpus_dir):
    make_pdf(corpus_dir / "lang.pdf", BUDGET * 6, pages=30)
    report = make_assistant(auto_ingest=False).ingest()
    (r,) = [r for r in report.results if r.doc_id == "lang.pdf"]
    assert r.status == "ingested" and r.chunks > 30


@pytest.mark.parametrize(("given", "safe"), [
    ("../../x.pdf", "x.pdf"), ("..\\..\\win.docx", "win.docx"), ("a\x00b\x1fc.txt", "abc.txt"),
    (".hidden.txt", "hidden.txt"), ("Bericht (final) #2.pdf", "Bericht _final_ _2.pdf"), ("", "upload"),
    ("x" * 300 + ".pdf", "x" * 110 + ".pdf"), ("Grüße.txt", "Grüße.txt"),
])
def test_upload_names_stay_inside_the_corpus(given, safe):
    assert safe_name(given) == safe


def test_uploads_ingest_or_say_why_not(make_assistant, corpus_dir, tmp_path, settings):
    settings.max_file_mb = 0.05
    src = tmp_path / "src"
    src.mkdir()
    pdf = make_pdf(src / "haushalt.pdf", BUDGET)
    (src / "big.txt").write_text("Großer Text. " * 10_000)
    (src / "fake.pdf").write_text("kein PDF")
    (src / "bild.png").write_bytes(b"\x89PNG\r\n")
    a = make_assistant(ScriptedLLM(script=lambda m: "Der Haushalt umfasst 1,2 Milliarden Euro [1]."),
                       settings=settings)
    report = a.add_files([("../../haushalt.pdf", pdf), ("big.txt", src / "big.txt"), ("fake.pdf", src / "fake.pdf"),
                          ("bild.png", src / "bild.png")])
    status = {r.doc_id: (r.status, r.detail) for r in report.results}
    assert status["haushalt.pdf"][0] == "ingested"
    assert "too large" in status["big.txt"][1] and "not a PDF" in status["fake.pdf"][1]
    assert "unsupported type" in status["bild.png"][1]
    assert sorted(p.name for p in corpus_dir.iterdir() if p.suffix == ".pdf") == ["haushalt.pdf"]
    assert not (corpus_dir.parent / "haushalt.pdf").exists()
    ans = a.ask("Wie groß ist der Haushalt von Lübeck für 2026?")
    (c,) = ans.citations
    assert c.doc_id == "haushalt.pdf" and c.supported and a.document("haushalt.pdf").text[c.start:c.end] == c.quote
    removed = a.remove("haushalt.pdf")
    assert [r.status for r in removed.results] == ["deleted"] and not (corpus_dir / "haushalt.pdf").exists()
    assert "haushalt.pdf" not in a.store.doc_ids()
    assert a.remove("../corpus/000_697704091728e1b9.txt").results[0].status == "skipped"


@pytest.mark.parametrize(("line", "iso"), [
    ("5. März, 2026", "2026-03-05"), ("Veröffentlicht am 05.03.2026, 14:30 Uhr", "2026-03-05"),
    ("Donnerstag, 5. März 2026", "2026-03-05"), ("March 5, 2026", "2026-03-05"), ("Updated: 5 Mar 2026", "2026-03-05"),
    ("2026-03-05", "2026-03-05"), ("Am 5. März 2026 tagte der Rat.", None), ("5. Foo 2026", None),
])
def test_datelines_in_german_and_english(line, iso):
    assert parse_date(line) == iso


def test_dateline_byline_and_share_lines_wherever_they_stand():
    raw = ("Teilen\n\nStreik bei der Bahn\n\nVon Mia Roth | 12. Januar 2026\n\nTeilen auf Facebook\n\n"
           "Der Streik legt den Fernverkehr lahm. Die Gewerkschaft fordert 8 Prozent mehr Lohn.\n\nAuf X teilen\n\n"
           "Link kopieren\n\nStand: 12.01.2026, 18:00 Uhr")
    doc = clean_article(raw, "streik.txt")
    assert (doc.title, doc.date, doc.author) == ("Streik bei der Bahn", "2026-01-12", "Mia Roth")
    assert "Facebook" not in doc.text and "teilen" not in doc.text.lower() and "Link kopieren" not in doc.text
    assert "18:00" not in doc.text and "8 Prozent" in doc.text
