"""What a question asks (``assistant.questions``), on questions about other topics than the corpus."""

from assistant.questions import QUESTION_WORDS, asked_terms, asks_amount, asks_reason, closest_start, counted_noun
from assistant.text import terms


def test_the_counted_noun_is_the_capitalised_word_after_wie_viele():
    assert counted_noun("Wie viele nordkoreanische Soldaten wurden entsandt?") == set(terms("Soldaten"))
    assert counted_noun("Wie viele Tore erzielte die Stürmerin im Finale?") == set(terms("Tore"))
    assert counted_noun("Und wie viele neue Wohnungen sollen bis 2030 entstehen?") == set(terms("Wohnungen"))
    # an amount that counts no noun, and English: nothing to hold the number to
    assert counted_noun("Wie viel kostet die Sanierung der Brücke?") == set()
    assert counted_noun("How many flats will be built?") == set()


def test_reasons_are_asked_by_why_not_by_cause_words():
    assert all(asks_reason(q) for q in ("Warum schließt das Freibad?", "Weshalb stieg die Miete?",
                                        "Wieso trat der Trainer zurück?", "Why did the council vote no?"))
    assert not any(asks_reason(q) for q in ("Wodurch entstand der Brand?", "Wer ist schuld an dem Unfall?",
                                            "Was war die Ursache des Stromausfalls?", "Wann öffnet das Bad?"))


def test_asked_terms_leave_out_question_words_and_the_measure_of_an_amount():
    assert asked_terms("Wie hoch ist die Grundsteuer in Kempten?") == set(terms("Grundsteuer Kempten"))
    assert asked_terms("Wann öffnet das Freibad?") == set(terms("öffnet Freibad"))
    assert asks_amount("Wie lange dauert die Sanierung?")
    assert asked_terms("Wie lange dauert die Sanierung?") == set(terms("dauert Sanierung"))
    assert not asked_terms("Wie viele?") and not QUESTION_WORDS & asked_terms("Wer gewann wann wo?")


def test_the_closest_sentence_is_the_one_holding_most_of_what_is_asked():
    text = "Das Freibad öffnet im Juni. Die Sanierung des Freibads kostet 2 Millionen Euro. Das Freibad ist alt."
    assert text[closest_start(text, "Was kostet die Sanierung des Freibads?"):].startswith("Die Sanierung")
    assert closest_start(text, "Wann öffnet das Freibad?") == 0  # the first of the best
    assert closest_start(text, "Wer gewann die Wahl in Passau?") == 0  # none holds a term: from the start
