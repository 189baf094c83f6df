"""Writes the articles of the "dezember" corpus as their files: e-paper PDFs (a running header and footer on every
page, words hyphenated at line ends, one in two columns), a press release as PDF, and two Word files (run once; the
files are committed). `cd evals/corpora/dezember && ../../../.venv/bin/python make_files.py`"""
import re
from datetime import datetime
from pathlib import Path

import docx
from fpdf import FPDF

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
OUT = Path(__file__).parent / "articles"


def hyphenate(word: str, room: float, width) -> tuple[str, str] | None:
    """Split a long word before a consonant followed by a vowel ("Pla-nungs-bü-ros"), not inside "ch", "ck" or
    "sch", the head (with "-") as long as fits ``room``."""
    if len(word) < 9 or not word.isalpha():
        return None
    vowels, best = "aeiouäöüy", None
    for i in range(3, len(word) - 3):
        if (word[i] not in vowels and word[i + 1] in vowels and word[i - 1:i + 1] not in ("ch", "ck")
                and word[i - 2:i + 1] != "sch" and width(word[:i] + "-") <= room):
            best = i
    return (word[:best] + "-", word[best:]) if best else None


def lines_of(text: str, width_mm: float, width) -> list[str]:
    out, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if width(trial) <= width_mm:
            line = trial
            continue
        split = hyphenate(word, width_mm - width(line + " ") if line else width_mm, width)
        if split:
            out.append(f"{line} {split[0]}".strip())
            line = split[1]
        else:
            out.append(line)
            line = word
    if line:
        out.append(line)
    return out


class EPaper(FPDF):
    def __init__(self, head: str, foot: str) -> None:
        super().__init__()
        self.head, self.foot = head, foot
        self.add_font("DejaVu", fname=FONT)
        self.set_auto_page_break(False)

    def header(self) -> None:
        self.set_font("DejaVu", size=8)
        self.set_xy(15, 8)
        self.cell(0, 5, self.head)

    def footer(self) -> None:
        self.set_font("DejaVu", size=8)
        self.set_xy(15, 285)
        self.cell(0, 5, self.foot.format(page=self.page_no()))


def epaper(name: str, title: str, author: str, created: datetime, head: str, foot: str,
           blocks: list[tuple[str, str]], columns: int = 1) -> None:
    """blocks: (kind, text) with kind title / sub / body / small."""
    pdf = EPaper(head, foot)
    pdf.set_title(title)
    pdf.set_author(author)
    pdf.set_creation_date(created)
    pdf.add_page()
    gap, top, bottom = 8, 20, 278
    left, right = (15, 195) if columns > 1 else (28, 182)
    col_w = (right - left - gap * (columns - 1)) / columns
    col, y = 0, top
    sizes = {"title": (16, 8), "sub": (11, 6), "body": (10.5, 5.5), "small": (8, 4)}
    for kind, text in blocks:
        size, height = sizes[kind]
        pdf.set_font("DejaVu", size=size)
        width = col_w if kind != "title" else right - left
        for ln in lines_of(text, width, pdf.get_string_width):
            if y + height > bottom:
                col += 1
                if col >= columns:
                    pdf.add_page()
                    col = 0
                y = top
            pdf.set_xy(left + col * (col_w + gap), y)
            pdf.cell(width, height, ln)
            y += height
        y += 3
    pdf.output(str(OUT / name))


def word_file(name: str, paragraphs: list[str], heading: int, title: str | None, author: str | None,
              created: datetime) -> None:
    d = docx.Document()
    for i, p in enumerate(paragraphs):
        d.add_heading(p, level=1) if i == heading else d.add_paragraph(p)
    if title:
        d.core_properties.title = title
    if author:
        d.core_properties.author = author
    d.core_properties.created = created
    d.save(str(OUT / name))


def paragraphs(text: str) -> list[str]:
    return [re.sub(r"\s+", " ", p).strip() for p in text.strip().split("\n\n")]


FREIBAD = """
Der Gemeinderat von Heidenfeld hat am Dienstagabend die Sanierung des Freibads beschlossen. Mit 19 zu 4 Stimmen
votierte das Gremium für die große Lösung, die nach Berechnungen des Planungsbüros Krämer & Stoll 7,8 Millionen Euro
kosten wird. Das Land beteiligt sich über sein Programm zur Sanierung kommunaler Sportstätten mit 2,9 Millionen Euro,
den Rest muss die Stadt über Kredite finanzieren.

Das 1968 eröffnete Bad ist seit Jahren ein Sorgenkind. Im vergangenen Sommer verlor das Schwimmerbecken nach Angaben
der Stadtwerke täglich rund 60 Kubikmeter Wasser durch Risse im Beton. Die Filtertechnik stammt größtenteils aus den
Achtzigerjahren, Ersatzteile sind kaum noch zu bekommen. Zweimal musste das Bad im August wegen technischer Störungen
für mehrere Tage schließen.

Geplant ist, das Schwimmerbecken mit einer Edelstahlwanne auszukleiden, das Nichtschwimmerbecken zu verkleinern und
ein neues Kinderplanschbecken mit Wasserspielplatz zu bauen. Außerdem sollen auf dem Dach des Umkleidegebäudes
Solarabsorber das Badewasser erwärmen. Die Stadtwerke erwarten, dass der Energieverbrauch des Bades dadurch um gut
ein Drittel sinkt. Die Sprunganlage mit Ein- und Dreimeterbrett bleibt erhalten.

WERBUNG

Die Bauarbeiten beginnen im September 2027, nach dem Ende der Badesaison. Bürgermeister Jochen Albrecht (parteilos)
rechnet damit, dass das Bad zur Saison 2029 wieder öffnet; in der Saison 2028 bleibt es geschlossen. Für diese Zeit
verhandelt die Stadt mit der Nachbargemeinde Oberweiler über vergünstigte Eintrittskarten für deren Hallenbad.
„Ein Sommer ohne Freibad tut weh, aber wir bauen für die nächsten vierzig Jahre“, sagte Albrecht.

Kritik kam von der Fraktion der Freien Wähler. Ihr Sprecher Bernd Köhler hielt die Kosten für zu hoch und warb für
eine kleinere Variante für 5,1 Millionen Euro, bei der das Nichtschwimmerbecken unverändert geblieben wäre. „Wir
sanieren hier ein Bad, als hätten wir keine anderen Baustellen“, sagte Köhler mit Blick auf die marode Grundschule
am Lindenplatz. Die Mehrheit folgte ihm nicht.

Der Förderverein des Freibads begrüßte den Beschluss. Seine Vorsitzende Heike Brandl kündigte an, der Verein werde
für den Wasserspielplatz Spenden sammeln; 35.000 Euro seien bereits zugesagt.

Der Eintritt soll nach der Wiedereröffnung steigen: Erwachsene zahlen dann 5 Euro statt bisher 3,50 Euro, Kinder
2,50 Euro statt 2 Euro. Die Saisonkarte für Familien kostet künftig 120 Euro. Im Jahr 2025 zählte das Bad rund
48.000 Besucher, im verregneten Sommer 2026 waren es nur 31.000.

Foto: Ostalb-Kurier / Miriam Vogt

Das Freibad Heidenfeld im Sommer 2025: Das Schwimmerbecken verliert täglich rund 60 Kubikmeter Wasser.
"""

KURZARBEIT = """
Der Autozulieferer Brandner Antriebstechnik schickt einen großen Teil seiner Belegschaft in Kurzarbeit. Ab dem
1. Dezember arbeiten 640 der rund 1.900 Beschäftigten am Stammsitz in Lauchingen verkürzt, teilte das Unternehmen am
Montag mit. Die Kurzarbeit ist zunächst bis Ende Mai 2027 befristet.

Grund ist der Einbruch bei den Aufträgen für Getriebeteile. Der Umsatz sank in den ersten neun Monaten des Jahres um
14 Prozent auf 312 Millionen Euro. „Zwei unserer größten Kunden haben ihre Abrufe kurzfristig halbiert“, sagte
Geschäftsführerin Sabine Hartl. Einen Verlust für das Gesamtjahr schloss sie nicht aus.

Betroffen sind vor allem die Gießerei und die mechanische Fertigung. Dort soll die Arbeitszeit im Schnitt um
40 Prozent sinken. Die Verwaltung und die Entwicklungsabteilung sind ausgenommen.

Der Betriebsrat stimmte der Kurzarbeit zu, nachdem die Geschäftsführung zugesagt hatte, das Kurzarbeitergeld auf
80 Prozent des Nettolohns aufzustocken. Betriebsratschef Ömer Yılmaz sprach von einem „schmerzhaften, aber richtigen
Schritt“. Betriebsbedingte Kündigungen schließt die Vereinbarung bis Ende 2027 aus.

Brandner ist nicht der einzige Zulieferer in der Region mit Problemen. Nach Angaben der IG Metall sind im Landkreis
derzeit rund 3.500 Beschäftigte in Kurzarbeit. Gewerkschaftssekretärin Nadine Stolz forderte von der Landesregierung
ein Förderprogramm für die Umstellung der Betriebe auf Teile für Elektroautos.

Brandner selbst will diesen Weg gehen: Das Unternehmen plant in Lauchingen ein neues Werk für Gehäuse von
Elektromotoren. 45 Millionen Euro sind dafür bis 2029 eingeplant, dort sollen einmal 250 Menschen arbeiten.
"""

DEICH_ZEITUNG = """
Rheinauer Zeitung | Region | WERBUNG

Deichsanierung in Rheinau beginnt im Januar

Anwohner sind erleichtert, Naturschützer kritisieren die Fällungen

Von Karin Lutz

10.11.2026

Die Sanierung des Rheindeichs zwischen Rheinau und Altwasser beginnt im Januar 2027. Das hat das
Regierungspräsidium Karlsbach am Montagabend bei einer Bürgerversammlung in der Stadthalle angekündigt. Auf einer
Länge von 4,2 Kilometern wird der Deich verbreitert und um 80 Zentimeter erhöht. Die Kosten beziffert die Behörde auf
14,5 Millionen Euro.

Der Deich stammt in großen Teilen aus den Fünfzigerjahren. Beim Hochwasser im Juni 2024 war er an zwei Stellen
durchsickert, Feuerwehr und Technisches Hilfswerk hatten ihn drei Tage lang mit Sandsäcken gesichert.

Teilen

Fertig sein soll der neue Deich im Herbst 2028. Während der Bauzeit wird der Radweg auf der Deichkrone gesperrt;
eine Umleitung führt durch das Gewerbegebiet Rheinau-Süd.

Für den breiteren Deich müssen rund 300 Bäume gefällt werden. Der Naturschutzbund kritisierte das bei der
Versammlung scharf. Als Ausgleich sollen bei Altwasser 2,3 Hektar Auwald neu angelegt werden.

Anwohnerin Gerda Maier, deren Haus 150 Meter hinter dem Deich steht, ist erleichtert: „2024 haben wir drei Nächte
nicht geschlafen.“ Rund 120 Bürgerinnen und Bürger waren zu der Versammlung gekommen.

Teilen Sie diesen Artikel
"""

DEICH_PRESSE = """
Pressemitteilung Nr. 214/2026

Das Regierungspräsidium Karlsbach ertüchtigt ab Februar 2027 den Rheinhochwasserdamm zwischen Rheinau und Altwasser.
Der Damm wird auf einer Länge von 4,2 Kilometern verbreitert und an die aktuellen Bemessungswasserstände angepasst.
Die Gesamtkosten belaufen sich auf rund 12,8 Millionen Euro; das Land Baden-Württemberg trägt sie vollständig.

Die Arbeiten sollen im Frühjahr 2029 abgeschlossen sein. Für die Baumaßnahme sind Rodungen auf einer Fläche von
1,6 Hektar erforderlich. Der Ausgleich erfolgt durch die Neuanlage von 2,3 Hektar Auwald bei Altwasser.

Der Radweg auf der Dammkrone wird für die Dauer der Bauarbeiten gesperrt. Eine Umleitung wird ausgeschildert.

Regierungspräsidentin Dr. Ulrike Sander: „Mit der Ertüchtigung schützen wir rund 6.000 Menschen in Rheinau und
Altwasser vor einem hundertjährlichen Hochwasser.“

Ansprechpartner: Pressestelle, Telefon 0721 555-1200, pressestelle@rp-karlsbach.example

Seite 1 von 1
"""

HANDBALL = """
TALBOTE

Sport | Handball

TV Wendlingen feiert den Aufstieg in die 2. Bundesliga

Von Lena Hoffmann

Die Handballerinnen des TV Wendlingen spielen in der kommenden Saison in der 2. Bundesliga. Am Samstagabend gewann
das Team von Trainer Marko Petrović das entscheidende Spiel gegen die HSG Neuried mit 31:27. 1.850 Zuschauer sahen
die Partie in der ausverkauften Sporthalle am See.

Beste Werferin war Jana Kurz mit neun Toren. Torhüterin Elif Arslan parierte in der zweiten Halbzeit zwei
Siebenmeter. Zur Pause hatte Wendlingen noch mit 13:15 zurückgelegen.

WERBUNG

Der Aufstieg kommt überraschend: Vor der Saison hatte der Verein nur einen Platz im Mittelfeld als Ziel ausgegeben.
Mit 38:6 Punkten steht Wendlingen zwei Spieltage vor Schluss uneinholbar an der Spitze der 3. Liga Süd.

Für die 2. Liga muss der Verein sein Budget erhöhen. Vorsitzender Frank Oswald nannte einen Etat von 420.000 Euro,
fast doppelt so viel wie bisher. Zwei neue Hauptsponsoren stehen nach seinen Worten bereits fest; ihre Namen will
der Verein im Mai bekannt geben.

Petrović verlängerte seinen Vertrag noch in der Kabine um zwei Jahre. „Diese Mannschaft hat mehr Charakter als jede,
die ich trainiert habe“, sagte der 44-Jährige.

Teilen
"""


def body(text: str) -> list[tuple[str, str]]:
    out = []
    for p in paragraphs(text):
        out.append(("small" if p.startswith(("Foto:", "Das Freibad Heidenfeld im Sommer")) else "body", p))
    return out


if __name__ == "__main__":
    OUT.mkdir(exist_ok=True)
    epaper("freibad_heidenfeld.pdf", "Freibad Heidenfeld wird für 7,8 Millionen Euro saniert", "Miriam Vogt",
           datetime(2026, 11, 18, 6, 0), "OSTALB-KURIER  ·  Lokales Heidenfeld  ·  Mittwoch, 18. November 2026",
           "{page}  |  Ostalb-Kurier",
           [("title", "Freibad Heidenfeld wird für 7,8 Millionen Euro saniert"),
            ("sub", "Gemeinderat beschließt die große Lösung – in der Saison 2028 bleibt das Bad zu"),
            ("small", "Von Miriam Vogt"), *body(FREIBAD)])
    epaper("brandner_kurzarbeit.pdf", "Zulieferer Brandner meldet Kurzarbeit an", "Tobias Renner",
           datetime(2026, 11, 24, 5, 30), "Wirtschaftsblatt Südwest  ·  Unternehmen  ·  24.11.2026",
           "Seite {page}  ·  wirtschaftsblatt-suedwest.example",
           [("title", "Zulieferer Brandner meldet Kurzarbeit an"),
            ("sub", "640 Beschäftigte in Lauchingen betroffen"), ("small", "Tobias Renner"), *body(KURZARBEIT)],
           columns=2)
    epaper("deich_rheinau_presse.pdf", "Hochwasserschutz am Rhein: Deichertüchtigung zwischen Rheinau und Altwasser",
           "Regierungspräsidium Karlsbach", datetime(2026, 11, 9, 11, 0),
           "Regierungspräsidium Karlsbach  ·  Pressestelle", "Karlsbach, 9. November 2026",
           [("title", "Hochwasserschutz am Rhein: Deichertüchtigung zwischen Rheinau und Altwasser"),
            *body(DEICH_PRESSE)])
    word_file("deich_rheinau_zeitung.docx", paragraphs(DEICH_ZEITUNG), 1, None, "Karin Lutz",
              datetime(2026, 11, 10, 7, 0))
    word_file("handball_wendlingen.docx", paragraphs(HANDBALL), 2,
              "TV Wendlingen feiert den Aufstieg in die 2. Bundesliga", "Lena Hoffmann", datetime(2026, 4, 27, 8, 0))
