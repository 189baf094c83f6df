"""Each seed article before/after cleaning: boilerplate gone, every article sentence kept, metadata found."""

from __future__ import annotations

import pytest

from assistant.clean import clean_article, load_document, markdown_to_text, parse_date
from assistant.text import split_sentences

from .conftest import CORPUS

BOILERPLATE = ["WERBUNG", "Beitrag teilen", "Das könnte Sie auch interessieren", "Verwendete Schlagwörter",
               "DaimlerDaimler-truckLKW", "AUCH INTERESSANT", "Mit WhatsApp immer", "Abonnieren Sie",
               "date 2025-08", "Gastbeiträge geben die Meinung", "Illustration: IAI"]


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.name)
def test_boilerplate_removed_and_text_kept(path):
    raw = path.read_text(encoding="utf-8")
    doc = load_document(path)
    for junk in BOILERPLATE:
        assert junk not in doc.text, junk
    assert "\nTeilen\n" not in f"\n{doc.text}\n"
    # every sentence of every real paragraph survives, exactly once where it was not duplicated in the source
    for para in raw.split("\n"):
        para = para.strip()
        if len(para) < 60 or any(para.startswith(j) for j in ("Abonnieren", "Gastbeiträge", " date")):
            continue
        para = para.removeprefix("date 2025-08 ")
        for a, b in split_sentences(para):
            assert para[a:b] in doc.text, para[a:b][:80]


def test_duplicates_dropped():
    doc = load_document(CORPUS / "000_697704091728e1b9.txt")
    assert doc.text.count("Aserbaidschan rüstet auf – unter anderem mit Harop aus Israel.") == 1
    doc = load_document(CORPUS / "001_ee570931bf119cc6.txt")
    assert doc.text.count("Trotz wiederholter Avancen hat der Kreml es nicht geschafft") == 1
    doc = load_document(CORPUS / "003_3e6433e1edb68a55.txt")
    assert doc.text.count("Putin und Pezeshkian schmieden neue strategische Allianz") == 1


@pytest.mark.parametrize(
    ("name", "title", "date", "author", "translator"),
    [
        ("000_697704091728e1b9.txt", "Aserbaidschan rüstet gegen Russland – mit Israel", None, None, None),
        ("001_ee570931bf119cc6.txt", None, "2025-08", None, "Andreas Bredenfeld"),
        ("003_3e6433e1edb68a55.txt", "Putin und Pezeshkian schmieden neue strategische Allianz", "2024-12-21",
         None, None),
        ("004_6651d824c7ae0d77.txt", None, None, "Asif Masimov", None),
    ],
)
def test_metadata(name, title, date, author, translator):
    doc = load_document(CORPUS / name)
    if title:
        assert doc.title == title
    else:  # no title line: the first sentence stands in, never the author line
        assert doc.title and "Gastkommentar" not in doc.title
    assert (doc.date, doc.author, doc.translator) == (date, author, translator)
    assert doc.doc_id == name and len(doc.content_hash) == 64


def test_date_parsing():
    assert parse_date("21. Dezember, 2024") == "2024-12-21"
    assert parse_date("3. März 2023") == "2023-03-03"
    assert parse_date("21. Foo, 2024") is None


def test_markdown_and_html(tmp_path):
    md = tmp_path / "a.md"
    md.write_text("# Titel hier\n\nText mit [Link](http://x) und ![bild](http://127.0.0.1/x.png).\n", "utf-8")
    doc = load_document(md)
    assert doc.title == "Titel hier" and "http" not in doc.text and "Text mit Link und" in doc.text
    html = tmp_path / "b.html"
    html.write_text("<html><head><title>T</title><script>evil()</script></head><body><h1>Überschrift</h1>"
                    "<p>Erster Absatz &amp; mehr.</p><nav>Menü</nav><p>WERBUNG</p></body></html>", "utf-8")
    doc = load_document(html)
    assert doc.title == "Überschrift" and "Erster Absatz & mehr." in doc.text
    assert "evil" not in doc.text and "Menü" not in doc.text and "WERBUNG" not in doc.text
    assert markdown_to_text("**fett**") == "fett"


def test_footer_junk_reported_not_silent():
    doc = clean_article("Titel\n\nEin Satz.\n\nVerwendete Schlagwörter\n\nDaimlerDaimler-truckLKW", "x.txt")
    assert doc.text == "Titel\n\nEin Satz." and "DaimlerDaimler-truckLKW" in doc.removed
