"""Writes the stadium article of the winter corpus as a Word file (run once; the file is committed)."""
from datetime import datetime

import docx

paras = [
    "Hallberger Nachrichten | Sport regional",
    "Stadionumbau in Hallberg wird 13 Millionen Euro teurer",
    "Von Felix Hartwig",
    "21. November 2025",
    "Der Umbau des Waldstadions für den Fußball-Drittligisten SV Eintracht Hallberg wird deutlich teurer als "
    "geplant. Statt 38 Millionen Euro sollen die Arbeiten nun 51 Millionen Euro kosten, wie der Verein am "
    "Donnerstag mitteilte. Als Gründe nannte er gestiegene Baupreise und Auflagen beim Brandschutz.",
    "Anzeige",
    "Nach dem Umbau soll das Stadion 18.000 Zuschauern Platz bieten, bisher sind es 12.500. Die Stadt Hallberg "
    "beteiligt sich mit 20 Millionen Euro, den Rest will der Verein über einen Kredit und den Verkauf der "
    "Namensrechte finanzieren. Fertig sein soll das Stadion im Sommer 2027.",
    "Bis dahin trägt die Eintracht ihre Heimspiele im Stadion des Nachbarorts Weiler aus. Vereinspräsidentin "
    "Martina Öztürk sagte: „Wir wissen, dass das für unsere Fans eine Zumutung ist, aber am Ende bekommen wir "
    "ein Stadion, das den Anforderungen des Profifußballs entspricht.“",
    "Der Bund der Steuerzahler kritisierte den Zuschuss der Stadt. Im Gemeinderat soll am 9. Dezember über eine "
    "mögliche Erhöhung des städtischen Anteils beraten werden.",
    "Diesen Artikel teilen",
    "Jetzt Hallberger Nachrichten digital lesen – 4 Wochen für 0,99 Euro",
]
d = docx.Document()
for i, p in enumerate(paras):
    d.add_heading(p, level=1) if i == 1 else d.add_paragraph(p)
d.core_properties.author = "Felix Hartwig"
d.core_properties.created = datetime(2025, 11, 21, 6, 30)
d.save("articles/stadion_umbau_hallberg.docx")
