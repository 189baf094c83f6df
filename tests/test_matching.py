"""The eval's fact matcher: German cases that must match and must not."""

from __future__ import annotations

import pytest

from assistant.evals.matching import dates, fact_in, form_in

MUST_MATCH = [
    ("11.000", "Nordkorea schickte zunächst 11.000 Soldaten."),
    ("11.000", "Nordkorea schickte 11000 Soldaten."),
    ("11.000", "Nordkorea schickte 11 000 Soldaten."),
    ("11.000", "North Korea sent 11,000 soldiers."),
    ("1,5 Millionen", "Rund 1,5 Millionen Menschen"),
    ("21.12.2024", "am 21. Dezember 2024"),
    ("21.12.2024", "21. Dezember, 2024"),
    ("21. Dezember 2024", "on December 21, 2024"),
    ("21. Dezember 2024", "am 21.12.2024"),
    ("21. Dezember 2024", "am 21. Dezember"),  # a year the text leaves out is not held against it
    ("Januar 2025", "Im Januar 2025 unterzeichneten"),
    ("January 2025", "im Januar 2025"),
    ("Mai 2025", "am 20. und 21. Mai 2025"),
    ("Müller", "Mueller sagte"),
    ("Müller", "Mu\u0308ller sagte"),
    ("Über", "UEBER"),
    ("Luftabwehr", "von der russischen Luftabwehr abgeschossen"),
    ("elektronische Störsysteme", "durch elektronischen Störsystemen"),
    ("Persischen Golf", "zum Persischer Golf"),
    ("Kampfflugzeug", "moderne Kampfflugzeugen"),
    ("S-400", "Systeme wie die S-400"),
    ("38", "38 der 67 Menschen an Bord"),
    ("vernünftige Menschen", "als „vernünftige Menschen“"),
]
MUST_NOT_MATCH = [
    ("11.000", "Nordkorea schickte 1.000 Soldaten."),
    ("11.000", "Nordkorea schickte 110.000 Soldaten."),
    ("1,5 Millionen", "15 Menschen"),
    ("15", "1,5 Millionen Menschen"),
    ("21.12.2024", "am 12.12."),
    ("21.12.2024", "am 21. Dezember 2023"),
    ("12. Dezember", "am 21. Dezember"),
    ("Januar 2025", "im Januar 2024"),
    ("30.000", "3.000 Soldaten"),
    ("67", "38 Menschen starben"),
    ("S-400", "S-300"),
    ("vernünftige Menschen", "Menschen, die vernünftig sind"),  # word order counts for multi-word forms
    ("Luft", "Luftabwehr"),  # short forms are whole words, never a prefix
]


@pytest.mark.parametrize(("form", "text"), MUST_MATCH)
def test_matches(form: str, text: str) -> None:
    assert form_in(form, text)


@pytest.mark.parametrize(("form", "text"), MUST_NOT_MATCH)
def test_does_not_match(form: str, text: str) -> None:
    assert not form_in(form, text)


def test_a_fact_is_any_of_its_forms() -> None:
    assert fact_in(["Grosny", "Grozny"], "flew to Grozny")
    assert not fact_in(["Grosny", "Grozny"], "flew to Moscow")


def test_dates_are_typed_values() -> None:
    found = sorted((d for d, _ in dates("21. Dezember, 2024; 2025-08; 12.12.; December 21, 2024")), key=str)
    assert found == sorted([(2024, 12, 21), (2025, 8, None), (None, 12, 12), (2024, 12, 21)], key=str)
