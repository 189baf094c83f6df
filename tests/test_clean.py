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


ENGLISH_PAGE = """Politics | Europe

ADVERTISEMENT

Lisbon tram fares to rise by a fifth

By Ana Ribeiro
Published 3 June 2026

Tram fares in Lisbon will rise from €3.00 to €3.60 in September, the city council decided on Tuesday.

The new trams parked at the depot. Photo: Carris
The new trams parked at the depot.

Commuter groups said the rise would hit those who cannot afford a car. Share this article

Read more:
Lisbon metro extension delayed again

Sign up for our daily briefing
Share on X
Comments (4)
Most read
Porto opens new bridge
"""


def test_english_boilerplate_removed():
    """English pages carry their own furniture: it goes like the German, the article's sentences stay."""
    doc = clean_article(ENGLISH_PAGE, "lisbon.txt")
    assert doc.title == "Lisbon tram fares to rise by a fifth"
    assert (doc.date, doc.author) == ("2026-06-03", "Ana Ribeiro")
    for junk in ["Politics | Europe", "ADVERTISEMENT", "Photo: Carris", "Read more", "metro extension",
                 "Sign up", "Share on X", "Comments", "Most read", "Porto"]:
        assert junk not in doc.text, junk
    assert doc.text.count("The new trams parked at the depot.") == 1
    assert "Tram fares in Lisbon will rise from €3.00 to €3.60 in September" in doc.text
    assert "Commuter groups said the rise would hit those who cannot afford a car. Share this article" in doc.text


def test_cookie_banner_and_page_furniture_dropped():
    page = ("We use cookies to improve your experience. Accept all Manage preferences\n\nBusiness\n\n"
            "Mill closes after 90 years\n\nThe last shift ends on Friday.\n\nPage 1 of 2 | Share | Print\n\n"
            "Themen wie die Energiekosten spielten eine Rolle.")
    doc = clean_article(page, "mill.txt")
    assert doc.title == "Mill closes after 90 years"
    assert doc.text.split("\n\n") == ["Mill closes after 90 years", "The last shift ends on Friday.",
                                      "Themen wie die Energiekosten spielten eine Rolle."]


SECOND_PAGE = """Skip to main content
Subscribe
Home > World > Europe

Ferry operator cancels winter crossings to Inishmore

Jane Doyle, Ireland correspondent
Monday 2 November 2026 14.30 GMT

The operator Aran Link will stop its ferry crossings to Inishmore from December until March, citing fuel costs.

Advertisement - Story continues below

Image caption: The ferry at Rossaveal harbour.

Islanders said the decision left them with one flight a day to the mainland.

Click here to get our newsletter
Share via: Email · Facebook
Copyright 2026 Western Post. All rights reserved.
Related Topics: Ireland, Transport
"""


def test_page_chrome_of_other_sites_is_removed():
    doc = clean_article(SECOND_PAGE, "ferry.txt")
    assert doc.title == "Ferry operator cancels winter crossings to Inishmore"
    assert (doc.date, doc.author) == ("2026-11-02", "Jane Doyle")
    for junk in ["Skip to", "Subscribe", "Home >", "Advertisement", "Image caption", "newsletter", "Share via",
                 "Copyright", "Related Topics"]:
        assert junk not in doc.text, junk
    assert "The ferry at Rossaveal harbour." in doc.text
    kept = clean_article("Copyright claims\n\nCopyright disputes over songs are rising.\n\nCopyright 2026 Post.", "c.txt")
    assert kept.text == "Copyright claims\n\nCopyright disputes over songs are rising."
    assert "Islanders said the decision left them with one flight a day to the mainland." in doc.text
    german = clean_article("Zum Inhalt springen\n\nVor 3 Stunden\n\nFähre fällt im Winter aus\n\n"
                           "Bildunterschrift: Die Fähre im Hafen.\n\nDie Reederei stellt den Betrieb ein.", "f.txt")
    assert german.title == "Fähre fällt im Winter aus"
    assert german.text.split("\n\n") == ["Fähre fällt im Winter aus", "Die Fähre im Hafen.",
                                         "Die Reederei stellt den Betrieb ein."]


def test_markdown_emphasis_and_rules_are_no_text():
    assert markdown_to_text("*Pupils return on Tuesday.*\n\n---\n\nThe **deal** holds.").split("\n\n") == [
        "Pupils return on Tuesday.", "---", "The deal holds."]
    assert clean_article(markdown_to_text("Deal\n\n*Pupils return.*\n\n---\n\nThe deal holds."), "d.md").text == (
        "Deal\n\nPupils return.\n\nThe deal holds.")


def test_author_line_needs_a_capitalised_name():
    lowercase = clean_article("Harbour fees rise\n\nThe port raises its fees.\n\nthe dock workers, angry at the editor",
                              "fees.txt")
    assert lowercase.author is None
    german = clean_article("Hafengebühren steigen\n\nAnna Schmidt, Reporterin\n\nDer Hafen erhöht die Gebühren.",
                           "gebuehren.txt")
    assert german.author == "Anna Schmidt"


GERMAN_PAGE = """Lokales | Kultur

Stadtbibliothek verlängert ihre Öffnungszeiten

Von Carla Neumann

Die Stadtbibliothek öffnet ab Januar auch am Samstagnachmittag, teilte die Stadt am Montag mit.

Diesen Beitrag teilen

Haben Sie eine Frage? Melden Sie sich bei unserer Lokalredaktion.

Jetzt müssen die Leser nicht mehr bis Montag warten. Wer digital lesen will, leiht E-Books kostenlos aus.

Newsletter bestellen

Abo testen: 3 Monate lesen für 1 Euro

Seite teilen: E-Mail · WhatsApp

Meistgelesene Artikel
Neuer Radweg am Fluss eröffnet
"""


def test_german_share_newsletter_offer_and_most_read_lines_removed():
    """German pages' own furniture (share lines, newsletter and subscription offers, a note asking for tips, a
    most-read list) goes; sentences that use the same words stay."""
    doc = clean_article(GERMAN_PAGE, "bibliothek.txt")
    assert doc.title == "Stadtbibliothek verlängert ihre Öffnungszeiten"
    for junk in ["Beitrag teilen", "Haben Sie eine Frage", "Newsletter", "Abo testen", "Seite teilen",
                 "Meistgelesen", "Radweg"]:
        assert junk not in doc.text, junk
    assert "Jetzt müssen die Leser nicht mehr bis Montag warten. Wer digital lesen will, leiht E-Books kostenlos " \
           "aus." in doc.text
    kept = clean_article("Abo-Preise steigen\n\nWer die Zeitung digital lesen will, zahlt ab Mai 3 Euro mehr.\n\n"
                         "Haben Sie eine Frage? Das fragten viele Leser.", "abo.txt")
    assert kept.text.split("\n\n") == ["Abo-Preise steigen", "Wer die Zeitung digital lesen will, zahlt ab Mai 3 "
                                       "Euro mehr.", "Haben Sie eine Frage? Das fragten viele Leser."]
