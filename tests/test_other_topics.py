"""The check and the text helpers on German news far from the seed corpus (budgets, companies, courts, sport):
the misfires a reader of other articles found, written as tests before the fix."""

import numpy as np
import pytest

from assistant.answered import answers_what_is_asked, names_time, speaks_of_asked
from assistant.citations import CitationChecker, best_span
from assistant.numbers import numbers, numbers_and_words, times
from assistant.questions import asked_terms, asks_amount, asks_cause, asks_time
from assistant.text import detect_language, reads_german
from assistant.types import Passage, SentenceCheck


def passage(text: str, n: int = 1) -> Passage:
    return Passage(chunk_id=f"d{n}::0", doc_id=f"d{n}", title="Bericht", start=0, end=len(text), text=text)


def supported(claim: str, text: str, question: str = "") -> bool:
    out = CitationChecker().check(claim, [passage(text)], "(nicht belegt)", question)
    return bool(out.sentences) and out.sentences[0].supported


def test_debts_are_no_cause():
    assert not asks_cause("Wie hoch sind die Schulden der Stadt?")
    assert not asks_cause("Wer sind die größten Schuldner?")
    assert asks_cause("Wer ist schuld an dem Unfall?") and asks_cause("Wer war schuldig?")


@pytest.mark.parametrize("question", ["Wie hoch war der Umsatz?", "Wie teuer ist das neue Rathausfoyer?",
                                      "Wie lange dauerte die Sitzung?", "How high was the dividend?"])
def test_how_high_asks_for_an_amount(question):
    assert asks_amount(question)


@pytest.mark.parametrize("question", ["Was kostet der Neubau der Stadthalle?", "Und was hat der Umbau gekostet?",
                                      "What did the new stadium cost?", "Was sind die Kosten der Sanierung?"])
def test_what_it_cost_asks_for_an_amount(question):
    assert asks_amount(question)
    assert not {"kost", "cost"} & asked_terms(question)  # the price is the measure, not what is asked about


@pytest.mark.parametrize("question", ["Welche Maßnahme kostet am meisten?", "Wer trägt die Kosten?"])
def test_cost_in_another_question_asks_for_no_amount(question):
    assert not asks_amount(question)


def test_a_name_with_an_umlaut_does_not_make_a_sentence_german():
    assert detect_language("Merz won in Düsseldorf.") == "en" or not reads_german("Merz won in Düsseldorf.")
    assert not reads_german("Merz won the vote in Düsseldorf")
    assert reads_german("Der Stadtrat hat den Haushalt mit großer Mehrheit beschlossen")
    assert reads_german("Baku machte russische elektronische Störsysteme verantwortlich")


def test_a_thousand_employees_are_not_a_year():
    assert times("Das Werk beschäftigt 1.500 Mitarbeiter.") == set()
    assert 2026.0 in times("Das Bad schließt im Juni 2026.")


def test_a_german_billion_is_a_million_millions():
    assert numbers("Die Schulden des Bundes liegen bei 2,5 Billionen Euro.") == {2.5e12}
    assert numbers("The debt is 2.5 billion euros.") == {2.5e9}
    assert numbers("Der Umsatz lag bei 1,24 Milliarden Euro.") == {1.24e9}


def test_small_numbers_are_checked():
    text = "Die Aktionäre sollen eine Dividende von 1 Euro je Aktie erhalten, nach 3 Euro im Vorjahr."
    assert not supported("Die Dividende beträgt 2 Euro je Aktie [1].", text)
    assert supported("Die Dividende beträgt 1 Euro je Aktie [1].", text)


def test_a_number_written_as_a_word_is_the_number():
    text = "Bester Werfer der Partie war Berger mit neun Toren."
    assert supported("Berger erzielte 9 Tore [1].", text, "Wie viele Tore erzielte Berger?")
    assert not supported("Berger erzielte sieben Tore [1].", text, "Wie viele Tore erzielte Berger?")


def test_a_right_paraphrase_of_a_part_is_left_as_it_is():
    text = "Im Bundesrat stimmten 12 der 16 Länder dem Gesetz zu."
    out = CitationChecker().check("12 Länder stimmten zu [1].", [passage(text)], "(nicht belegt)",
                                  "Wie viele Länder stimmten dem Gesetz zu?")
    assert out.sentences[0].supported and out.text == "12 Länder stimmten zu [1]."


def test_a_number_set_in_the_scene_of_the_sentence_before_is_supported():
    text = ("Im Oktober fegte ein Orkan über den Südwesten. Zwei Menschen kamen ums Leben, 23 wurden verletzt. "
            "Der Wetterdienst warnt vor neuen Stürmen.")
    q = "Wie viele Menschen wurden beim Orkan im Südwesten verletzt?"
    assert supported("Beim Orkan im Südwesten wurden 23 Menschen verletzt [1].", text, q)
    assert not supported("Beim Orkan im Südwesten wurden 23 Menschen getötet [1].",
                         "Der Wetterdienst zählte 23 Einsätze. Beim Orkan im Südwesten starben zwei Menschen.", q)


def test_when_asks_for_time_and_a_year_is_one():
    assert asks_time("Wann soll das Hallenbad schließen?") and asks_time("When did the storm hit?")
    assert not asks_time("How many people died when the storm hit?")


def test_an_amount_of_something_else_does_not_answer_how_many():
    text = "Trotz der angespannten Lage will Lindenau im kommenden Jahr 64 Millionen Euro investieren."
    assert not supported("Lindenau hat 64 Millionen Einwohner [1].", text, "Wie viele Einwohner hat Lindenau?")
    assert supported("Lindenau will 64 Millionen Euro investieren [1].", text,
                     "Wie viel will Lindenau im kommenden Jahr investieren?")


def test_a_date_of_another_event_does_not_answer_when():
    text = ("Besonders umstritten war die Schließung des Hallenbads Nord. Das 1974 eröffnete Bad soll zum 30. Juni "
            "2026 den Betrieb einstellen. Schulen sollen künftig das Sportbad am Stadtpark nutzen.")
    assert not supported("Das Sportbad am Stadtpark wird am 30. Juni 2026 saniert [1].", text,
                         "Wann wird das Sportbad am Stadtpark saniert?")
    # the date's own sentence names the bath only as "Das … Bad": the judge hears it
    claim, question = "Das Hallenbad Nord schließt am 30. Juni 2026 [1].", "Wann schließt das Hallenbad Nord?"
    judge = Judge({"30. Juni 2026": 1.0})
    assert not supported(claim, text, question) and judged(claim, text, question, judge)
    assert set(judge.asked) == {"Das 1974 eröffnete Bad soll zum 30. Juni 2026 den Betrieb einstellen."}


def _said(*texts: str) -> list[SentenceCheck]:
    return [SentenceCheck(text=t, citations=[1], supported=True) for t in texts]


def test_a_weekday_or_a_time_of_day_says_when():
    q = "Wann wird die Mannschaft am Rathaus empfangen?"
    assert names_time(_said("Die Mannschaft wird am Freitag um 19.30 Uhr am Rathaus empfangen [1]."), q)
    assert names_time(_said("Die Mannschaft wird um 19 Uhr am Rathaus empfangen [1]."), q)
    assert names_time(_said("The team will be welcomed at 7 p.m. [1]."), "When will the team be welcomed?")
    assert not names_time(_said("Die Mannschaft wird am Rathaus empfangen [1]."), q)
    assert times("Zur Pause stand es 13:15.") == set()  # a score is no time of day


def test_a_weekday_belongs_to_the_event_of_its_own_sentence():
    text = ("Das Landgericht Kellbach hat am Donnerstag die Beschwerde gegen den Baustopp zurückgewiesen. Darüber "
            "entscheidet nun das Oberlandesgericht. Das Stadtfest beginnt am Freitag um 19 Uhr auf dem Marktplatz.")
    assert not supported("Das Oberlandesgericht entscheidet am Donnerstag über die Beschwerde gegen den Baustopp [1].",
                         text, "Wann entscheidet das Oberlandesgericht über die Beschwerde gegen den Baustopp?")
    assert supported("Das Stadtfest beginnt am Freitag um 19 Uhr auf dem Marktplatz [1].", text,
                     "Wann beginnt das Stadtfest auf dem Marktplatz?")


def test_a_sentence_about_something_else_does_not_answer():
    question = "Was legte den Fährverkehr nach Helgoland am Montag lahm?"
    assert not speaks_of_asked(_said("Zwei Verletzte – Kreis richtet Krisenstab ein."), question)
    assert not speaks_of_asked(_said("In der Nacht wurden schwere Schäden gemeldet."), question)
    assert speaks_of_asked(_said("Eine Sturmflut legte den Fährverkehr lahm."), question)
    assert speaks_of_asked(_said("Eine Sturmflut."), question)  # an elliptic answer
    assert speaks_of_asked(_said("Nein."), "Fuhren die Fähren nach Helgoland am Montag?")
    # a blaming sentence for a cause question
    assert speaks_of_asked(_said("Der Vorstand machte den Zulieferer verantwortlich."),
                           "Was war die Ursache für den Produktionsstopp?")
    assert not speaks_of_asked([SentenceCheck(text="Eine Sturmflut.", citations=[1], supported=False)], question)


def test_an_amount_or_a_year_alone_does_not_answer_a_full_question():
    assert not speaks_of_asked(_said("Bei der Wahl im Herbst waren es am Ende 4.120."),
                               "Wie viele Stimmen bekam die Liste Grün?")
    question = "Wann eröffnete das Landgericht Freiburg den Prozess gegen den Bürgermeister?"
    assert not speaks_of_asked(_said("Im Jahr 2024 schloss die Stadt das Hallenbad Nord."), question)
    assert speaks_of_asked(_said("Das Landgericht eröffnete den Prozess am 3. März 2026."), question)
    assert speaks_of_asked(_said("Am 3. März 2026."), question)  # elliptic


def test_the_sentence_a_claim_rests_on_may_end_in_a_parenthesis():
    text = ("Das Hallenbad Nord ist seit 1972 in Betrieb. Drei Tage später sagte die Kämmerin im Stadtrat: „Wir "
            "müssen das Hallenbad Nord schließen (…) Es geht nicht anders.“")
    a, b = best_span(passage(text), "Die Kämmerin sagte, das Hallenbad Nord müsse schließen.")
    assert text[a:b].startswith("Drei Tage später")


def test_how_many_asks_for_a_count_of_the_noun_it_names():
    question = "Wie viele Tore erzielte Niklas Berger im Finale?"
    text = ("Niklas Berger erzielte 14 Sekunden vor dem Ende den Ausgleich zum 27:27. Insgesamt warf Berger im Finale "
            "neun Tore.")
    assert not supported("Niklas Berger erzielte 14 Sekunden vor dem Ende den Ausgleich [1].", text, question)
    assert supported("Niklas Berger erzielte im Finale neun Tore [1].", text, question)
    question = "Wie viele Lehrer arbeiten an der Gesamtschule?"
    text = "An der Gesamtschule arbeiten 140 Menschen, davon 35 in der Verwaltung."
    assert not supported("An der Gesamtschule arbeiten 140 Menschen [1].", text, question)
    assert supported("An der Gesamtschule arbeiten 140 Menschen [1].", text, "Wie viele Menschen arbeiten an der Gesamtschule?")


def test_a_number_from_the_sentence_next_to_the_one_the_claim_speaks_of():
    text = ("Der Betriebsrat legte am Montag seinen Bericht vor. Im Frühjahr hatte der Konzern zunächst 1.200 "
            "Mitarbeiter nach Polen versetzt. Rund 300 dieser Mitarbeiter wurden nach Angaben des Betriebsrats "
            "später entlassen, doch hat sich die Zusammenarbeit seitdem verstärkt.")
    assert not supported("1.200 Mitarbeiter wurden entlassen [1].", text)
    assert not supported("1.200 Mitarbeiter wurden entlassen [1].", text,
                         "Wie viele der nach Polen versetzten Mitarbeiter wurden entlassen?")
    assert supported("Rund 300 Mitarbeiter wurden entlassen [1].", text)
    assert supported("Der Konzern versetzte 1.200 Mitarbeiter nach Polen [1].", text)
    assert supported("Von 1.200 nach Polen versetzten Mitarbeitern wurden 300 entlassen [1].", text)


def test_an_amount_given_for_another_item_of_a_budget():
    text = ("Der Stadtrat beschloss am Dienstag den Haushalt. Er umfasst 450 Millionen Euro. Für Schulen sind "
            "38 Millionen Euro vorgesehen, für Straßen 21 Millionen Euro.")
    assert not supported("Für Schulen sind 450 Millionen Euro vorgesehen [1].", text)
    assert supported("Für Schulen sind 38 Millionen Euro vorgesehen [1].", text)
    assert supported("Der Haushalt umfasst 450 Millionen Euro [1].", text)


@pytest.mark.parametrize(("question", "claim", "text"), [
    ("Wie teuer war der Umbau?", "Der Umbau kostete 2,4 Millionen Euro [1].",
     "Die Stadt hat das Rathaus renoviert. Der Umbau kostete 2,4 Millionen Euro."),
    ("Wie groß ist der Haushalt?", "Der Haushalt umfasst 450 Millionen Euro [1].",
     "Der Rat beschloss am Montag den Haushalt. Er umfasst 450 Millionen Euro."),
])
def test_the_measure_an_amount_question_asks_for_is_no_term_the_passage_must_hold(question, claim, text):
    assert supported(claim, text, question)


class Judge:
    """A judge from a table (question, sentence) -> log-odds; records what it was asked."""

    def __init__(self, scores: dict[str, float]) -> None:
        self.scores, self.asked = scores, []

    def __call__(self, question: str, sentence: str) -> float:
        self.asked.append(sentence)
        return next((v for k, v in self.scores.items() if k in sentence), -5.0)


def judged(claim: str, text: str, question: str, judge: Judge, threshold: float = -0.35) -> bool:
    out = CitationChecker(judge=judge, judge_threshold=threshold).check(claim, [passage(text)], "(nicht belegt)",
                                                                          question)
    return bool(out.sentences) and out.sentences[0].supported


def test_an_article_that_leaves_its_topic_implicit_is_heard_by_the_judge():
    # an article about a heat wave: the sentence with the answer repeats neither "Hitzewelle" nor "Juli"
    text = ("Die Hitzewelle im Juli hat den Landkreis schwer getroffen. Die Feuerwehr rückte zu Waldbränden aus. "
            "Die höchste Temperatur maß die Station am Flughafen: 39,4 Grad.")
    question = "Wie hoch war die höchste gemessene Temperatur während der Hitzewelle im Juli?"
    claim = "Die höchste Temperatur maß die Station am Flughafen: 39,4 Grad [1]."
    assert not supported(claim, text, question)  # the words alone: too few of the question's terms around 39,4
    judge = Judge({"39,4 Grad": 1.2})
    assert judged(claim, text, question, judge)
    assert judge.asked == ["Die höchste Temperatur maß die Station am Flughafen: 39,4 Grad."]
    assert not judged(claim, text, question, Judge({"39,4 Grad": -1.0}))  # the judge's "no" stands


def test_the_judge_does_not_overrule_the_noun_a_count_asks_for():
    text = "Das Klinikum feierte sein Jubiläum. Im Haus arbeiten 1.150 Beschäftigte in Pflege und Verwaltung."
    judge = Judge({"1.150": 2.0})
    assert not judged("Im Klinikum arbeiten 1.150 Ärzte [1].", text, "Wie viele Ärzte arbeiten im Klinikum?", judge)
    assert judge.asked == []  # "Ärzte" stands nowhere near 1.150: no question to the judge


def test_the_judge_is_asked_only_where_the_words_fail():
    text = "Der Stadtrat beschloss den Haushalt. Die Stadt investiert im kommenden Jahr 64 Millionen Euro."
    judge = Judge({})
    assert judged("Die Stadt investiert im kommenden Jahr 64 Millionen Euro [1].", text,
                  "Wie viel investiert die Stadt im kommenden Jahr?", judge)
    assert judge.asked == []


def test_a_whole_is_not_said_of_with_what_its_part_did():
    """The inverse of a part given as the whole: the whole given with what the passage says of its part."""
    text = "The stage was hot. Of the 2,300 cyclists who set off, 1,980 reached the finish."
    q = "How many cyclists reached the finish?"
    assert not supported("2,300 cyclists reached the finish [1].", text, q)
    assert supported("1,980 cyclists reached the finish [1].", text, q)
    assert supported("2,300 cyclists set off [1].", text, "How many cyclists set off?")
    assert supported("Of 2,300 cyclists, 1,980 reached the finish [1].", text, q)
    streik = "Im Werk Nord arbeiten 1.200 Menschen. Von den 1.200 Beschäftigten legten 800 die Arbeit nieder."
    assert not supported("1.200 Beschäftigte legten die Arbeit nieder [1].", streik)
    assert supported("800 Beschäftigte legten die Arbeit nieder [1].", streik)
    assert not supported("16 Länder stimmten dem Gesetz zu [1].", "Im Bundesrat stimmten 12 der 16 Länder dem Gesetz zu.")


def test_a_unit_adds_nothing_to_the_question_restated_with_a_value():
    from assistant.support import Asked

    asked = Asked("Wie lang wird die neue Kaimauer im Hafen von Lorient?")
    assert asked.adds_only_numbers("Die neue Kaimauer im Hafen von Lorient wird etwa 640 Meter lang [1].")
    assert not asked.adds_only_numbers("Die neue Kaimauer im Hafen von Lorient kostet 640 Millionen Euro mehr [1].")
    assert Asked("Wie hoch war der Umsatz?").adds_only_numbers("Der Umsatz war $1.2 billion.")


def test_the_bylines_date_answers_only_questions_about_the_article():
    """The date an article appeared is not the date of what it reports (a strike that began weeks before)."""
    text = "Die Busfahrer in Hallstadt haben den Tarifvertrag angenommen. Der Ausstand hatte zwei Wochen gedauert."
    dated = Passage(chunk_id="d1::0", doc_id="d1", title="Ausstand der Busfahrer in Hallstadt", date="2026-05-12", start=0,
                    end=len(text), text=text)

    def supported_dated(claim: str, question: str) -> bool:
        return CitationChecker().check(claim, [dated], "(nicht belegt)", question).sentences[0].supported

    assert not supported_dated("Der Ausstand der Busfahrer in Hallstadt begann am 12.05.2026 [1].",
                               "Wann begann der Ausstand der Busfahrer in Hallstadt?")
    assert supported_dated("12.05.2026 [1].", "Von welchem Datum ist der Artikel über den Ausstand der Busfahrer?")


def test_an_answer_must_stand_where_the_passage_speaks_of_what_is_asked_or_be_judged_to_answer_it():
    asked: list[str] = []

    def judge(verdict: bool):
        def answers(question: str, sentence: str) -> bool:
            asked.append(sentence)
            return verdict
        return answers

    text = ("Der Kreistag in Almsfeld tagte am Montag. Zuvor hatte es Streit gegeben. Der Landrat stellte den Haushalt "
            "vor. Markus Vogt, der den Ortsverein seit 2019 führt, lobte die Kandidaten für die Bürgermeisterwahl.")
    p = Passage(chunk_id="d1::0", doc_id="d1", title="Bericht vom Kreistag", start=0, end=len(text), text=text,
                author="Eva Roth")
    question = "Wer leitete die Sitzung des Kreistags in Almsfeld?"
    off_topic = _said("Der Landrat stellte den Haushalt vor.")  # true to its passage, but who chaired?
    assert not answers_what_is_asked(off_topic, [p], question, 0.4, judge(False))
    assert asked == ["Der Landrat stellte den Haushalt vor."]  # the passage's sentence is judged
    assert answers_what_is_asked(off_topic, [p], question, 0.4, judge(True))
    # the question's words around a name do not make the name the answer: its sentence is judged
    asked.clear()
    winner = _said("Markus Vogt, der den Ortsverein seit 2019 führt, gewann die Bürgermeisterwahl in Almsfeld.")
    assert not answers_what_is_asked(winner, [p], "Wer gewann die Bürgermeisterwahl in Almsfeld?", 0.4, judge(False))
    assert asked == [text[text.index("Markus"):]]
    # the byline answers a question about the article, and only such a question
    asked.clear()
    assert answers_what_is_asked(_said("Eva Roth."), [p], "Wer schrieb den Bericht über den Kreistag?", 0.4,
                                 judge(False))
    assert asked == []
    assert not answers_what_is_asked(_said("Eva Roth."), [p], question, 0.4, judge(False))
    assert asked == ["Eva Roth."]  # the author is no answer to who chaired: only the claim itself, judged
    # enough of the question where the answer stands: not asked; numbers, times and causes have their own tests
    asked.clear()
    assert answers_what_is_asked(_said("Der Kreistag in Almsfeld tagte am Montag."), [p],
                                 "Wann tagte der Kreistag in Almsfeld?", 0.4, judge(False))
    for own_tests in ("Wie viele Mitglieder hat der Kreistag in Almsfeld?",
                      "Wodurch scheiterte der Haushalt des Kreistags in Almsfeld?"):
        assert answers_what_is_asked(off_topic, [p], own_tests, 0.4, judge(False))
    assert asked == []
    # another language than the passage: the claim itself is compared and judged
    english = _said("The district council met on Monday.")
    assert not answers_what_is_asked(english, [p], "Who chaired the session in Almsfeld?", 0.4, judge(False))
    assert asked == ["The district council met on Monday."]
    unsupported = [SentenceCheck(text="Der Landrat leitete sie.", citations=[1], supported=False)]
    assert not answers_what_is_asked(unsupported, [p], question, 0.4, judge(True))


def test_a_citation_moves_to_the_passage_that_says_it_where_the_question_is_spoken_of():
    # the model cited [2], which holds the claim's words but speaks of something else; [1] says who she is
    about = passage("Katrin Albers ist seit Januar die neue Intendantin des Stadttheaters in Wellingen. Sie kam aus "
                    "Kassel.", 1)
    elsewhere = passage("Das Stadttheater bekommt eine neue Bühne für 4 Millionen Euro. Albers lobte die Pläne.", 2)
    question = "Wer ist Katrin Albers?"
    claim = "Katrin Albers ist die neue Intendantin des Stadttheaters [2]."
    out = CitationChecker().check(claim, [about, elsewhere], "(nicht belegt)", question)
    assert out.sentences[0].supported and out.sentences[0].citations == [1]
    assert out.sentences[0].reason.startswith("citation corrected by check")
    assert out.citations[0].quote.startswith("Katrin Albers ist seit Januar")
    # off (answer_share 0), or where the cited passage speaks of what is asked: the model's citation stays
    off = CitationChecker(answer_share=0).check(claim, [about, elsewhere], "(nicht belegt)", question)
    assert off.sentences[0].citations == [2]
    kept = CitationChecker().check(claim.replace("[2]", "[1]"), [about, elsewhere], "(nicht belegt)", question)
    assert kept.sentences[0].citations == [1] and kept.sentences[0].reason == ""
    # a passage that speaks of the question but does not hold the claim is no better citation
    other = passage("Katrin Albers wohnt in Kassel.", 1)
    out = CitationChecker().check(claim, [other, elsewhere], "(nicht belegt)", question)
    assert out.sentences[0].citations == [2]
    with pytest.raises(ValueError, match="answer_share"):
        CitationChecker(answer_share=1.5)


def test_a_claim_naming_the_author_is_shown_the_byline():
    text = "Ein Kommentar von Eva Roth\n\nDer Kreistag in Almsfeld tagte am Montag. Die Sitzung dauerte lange."
    p = Passage(chunk_id="d1::0", doc_id="d1", title="Bericht vom Kreistag", start=0, end=len(text), text=text,
                author="Eva Roth")

    def quoted(claim: str) -> str:
        a, b = best_span(p, claim)
        return text[a:b]

    assert quoted("Eva Roth schrieb den Kommentar über den Kreistag in Almsfeld.") == "Ein Kommentar von Eva Roth"
    assert quoted("Eva Roth wrote the commentary about the district council.") == "Ein Kommentar von Eva Roth"
    # the byline does not outrank the sentence that says what the claim says of the author's subject
    assert quoted("Eva Roth berichtet, dass der Kreistag in Almsfeld am Montag tagte.").startswith("Der Kreistag")
    # nor is a heading quoted for a claim that does not name the author
    assert quoted("Der Kommentar handelt vom Kreistag.").startswith("Der Kreistag")


def test_a_sentence_said_twice_is_said_once_citing_both():
    """One prompt per article: both give the same sentence; the answer says it once with both markers."""
    passages = [passage("Beim Sturm Xenia starben in der Region vier Menschen.", 1),
                passage("Der Sturm Xenia forderte vier Todesopfer; vier Menschen starben.", 2)]
    checker = CitationChecker()
    question = "Wie viele Menschen starben beim Sturm Xenia?"
    parts = [checker.check(f"Vier Menschen starben beim Sturm Xenia [{n}].", passages, "(nicht belegt)", question)
             for n in (1, 2)]
    out = checker.combine(parts, passages, "(nicht belegt)")
    assert out.text == "Vier Menschen starben beim Sturm Xenia [1][2]."
    assert [s.citations for s in out.sentences] == [[1, 2]]
    assert [c.number for c in out.citations] == [1, 2]
    other = checker.check("Der Sturm Xenia forderte vier Todesopfer [2].", passages, "(nicht belegt)", question)
    assert len(checker.combine([parts[0], other], passages, "(nicht belegt)").sentences) == 2


def test_an_english_sentence_answers_no_german_question():
    """The question's language is the answer's, both ways: an English sentence is no answer to a German question
    (the small model sometimes switches); German sentences naming English titles still are."""
    text = "Der Stadtrat beschloss am Dienstag den Haushalt von 12 Millionen Euro, wie die Financial Times berichtete."
    question = "Was beschloss der Stadtrat am Dienstag?"
    checker = CitationChecker(embed=lambda texts: np.ones((len(texts), 4)))  # same meaning across languages
    claim = "The city council approved a budget of 12 million euros [1]."
    assert checker.check(claim, [passage(text)], "(not supported)", "What did the city council approve?").sentences[
        0].supported
    out = checker.check(claim, [passage(text)], "(nicht belegt)", question)
    assert not out.sentences[0].supported and out.sentences[0].reason == "not in the language of the question"
    assert supported("Der Stadtrat beschloss den Haushalt von 12 Millionen Euro [1].", text, question)
    assert supported("Die Financial Times berichtete, dass der Stadtrat den Haushalt beschloss [1].", text, question)


def test_the_author_of_the_article_is_no_answer_to_who_did_what_it_reports():
    text = ("Von Jonas Riedl\nDer TV Hagenfeld gewann das Pokalfinale gegen die SG Lindenau mit 33:31. "
            "Laut dpa kamen 11.800 Zuschauer.")
    p = passage(text).model_copy(update={"author": "Jonas Riedl und dpa"})
    check = CitationChecker().check("Jonas Riedl gewann das Pokalfinale [1].", [p], "(nicht belegt)",
                                    "Wer gewann das Pokalfinale?")
    assert not check.sentences[0].supported
    assert check.sentences[0].reason == "names the article's author, not someone it reports on"
    for claim, question in [("Jonas Riedl schrieb den Bericht über das Pokalfinale [1].", "Wer schrieb den Bericht?"),
                            ("Jonas Riedl berichtete über das Pokalfinale [1].", "Wer hat über das Pokalfinale berichtet?"),
                            ("Jonas Riedl [1].", "Wer hat über das Pokalfinale berichtet?"),
                            ("Der TV Hagenfeld gewann das Pokalfinale [1].", "Wer gewann das Pokalfinale?"),
                            ("Laut dpa kamen 11.800 Zuschauer zum Pokalfinale [1].", "Wie viele Zuschauer kamen?")]:
        assert CitationChecker().check(claim, [p], "(nicht belegt)", question).sentences[0].supported, claim
    named = p.model_copy(update={"text": text + " Jonas Riedl gewann als Spieler das Pokalfinale."})
    assert CitationChecker().check("Jonas Riedl gewann das Pokalfinale [1].", [named], "(nicht belegt)",
                                   "Wer gewann das Pokalfinale?").sentences[0].supported  # named in the report too


def test_an_amount_next_to_another_is_not_said_of_what_the_other_counts():
    text = ("Der Brand in der Lagerhalle wütete die ganze Nacht. Zwei Arbeiter kamen ums Leben: ein 45 Jahre alter "
            "Staplerfahrer starb noch vor Ort, ein Kollege im Krankenhaus. Mindestens 14 Arbeiter wurden verletzt.")
    assert not supported("14 Arbeiter kamen beim Brand ums Leben [1].", text, "Wie viele Arbeiter kamen ums Leben?")
    assert supported("Zwei Arbeiter kamen beim Brand ums Leben [1].", text, "Wie viele Arbeiter kamen ums Leben?")
    assert supported("14 Arbeiter wurden beim Brand verletzt [1].", text, "Wie viele Arbeiter wurden verletzt?")
    scene = "Die Stadt evakuierte Hunderte von Anwohnern. Zunächst wurden 450 Anwohner in Sporthallen untergebracht."
    assert supported("Die Stadt evakuierte 450 Anwohner [1].", scene, "Wie viele Anwohner evakuierte die Stadt?")


def test_a_year_in_an_answer_about_an_amount_is_a_year_there_too():
    text = "Die Firma Kessler will in Hagenfeld bis Ende 2027 insgesamt 310 Stellen abbauen."
    question = "Wie viele Stellen streicht Kessler, und bis wann?"
    assert supported("Kessler streicht 310 Stellen, bis Ende 2027 [1].", text, question)
    assert not supported("2025 Menschen starben beim Unfall [1].", "Im Jahr 2025 starben beim Unfall drei Menschen.",
                         "Wie viele Menschen starben beim Unfall?")  # a year, not an amount


def test_a_date_is_not_given_to_the_event_of_the_sentence_before():
    text = ("Der Stadtrat beschloss den Haushalt mit großer Mehrheit. Im März 2025 eröffnete die Bürgermeisterin "
            "das neue Hallenbad.")
    question = "Wann beschloss der Stadtrat den Haushalt?"
    assert not supported("Der Stadtrat beschloss den Haushalt im März 2025 [1].", text, question)
    assert supported("Im März 2025 eröffnete die Bürgermeisterin das neue Hallenbad [1].", text,
                     "Wann eröffnete das neue Hallenbad?")
    # the scene the sentence before sets still counts for an amount
    assert supported("Beim Brand starben 3 Menschen [1].", "In Lindenau brannte eine Lagerhalle. 3 Menschen starben.",
                     "Wie viele Menschen starben beim Brand in Lindenau?")


def test_articles_by_different_authors_do_not_disagree_on_who_wrote_them():
    from assistant.citations import CheckedAnswer
    from assistant.disagreement import articles_differ

    storm = "Der Sturm entwurzelte in Lindenau über 300 Bäume."
    passages = [Passage(chunk_id="a::0", doc_id="a", title="Sturm über Lindenau", author="Lena Marquardt",
                        start=0, end=len(storm), text=storm),
                Passage(chunk_id="b::0", doc_id="b", title="Nach dem Sturm", author="Jonas Riedl", start=0,
                        end=len(storm), text=storm)]

    def part(text: str, n: int) -> CheckedAnswer:
        return CheckedAnswer("", [], [SentenceCheck(text=text, citations=[n], supported=True)], [], False)

    question = "Wer hat über den Sturm berichtet?"
    assert not articles_differ([part("Lena Marquardt hat über den Sturm berichtet.", 1),
                                part("Jonas Riedl hat über den Sturm berichtet.", 2)], passages, question)
    # what the articles report still can differ
    blamed = [part("Schuld war der Hausmeister.", 1), part("Schuld war die Feuerwehr.", 2)]
    assert articles_differ(blamed, passages, "Wer war schuld am Schaden?")
    dated = [p.model_copy(update={"date": "2025-08-14", "text": t})  # a date's digits are no amount of the byline
             for p, t in zip(passages, ["Der Sturm entwurzelte 14 Bäume.", "Der Sturm entwurzelte 300 Bäume."],
                             strict=True)]
    counted = [part("Der Sturm entwurzelte 14 Bäume.", 1), part("Der Sturm entwurzelte 300 Bäume.", 2)]
    assert articles_differ(counted, dated, "Wie viele Bäume entwurzelte der Sturm?")


def test_a_name_in_the_title_alone_does_not_say_what_the_passage_says():
    text = "Der Stadtrat von Kellbach hat am Abend den Haushalt beschlossen. Die Opposition stimmte dagegen."
    titled = Passage(chunk_id="d1::0", doc_id="d1", title="Stadtwerke Kellbach: Vorstand Maier tritt zurück",
                     start=0, end=len(text), text=text)
    out = CitationChecker().check("Maier leitet den Stadtrat von Kellbach [1].", [titled], "(nicht belegt)",
                                  "Wer leitet den Stadtrat von Kellbach?")
    assert not out.sentences[0].supported
    assert supported("Die Opposition stimmte gegen den Haushalt [1].", text, "Wer stimmte gegen den Haushalt?")


def test_an_answer_from_another_sentence_than_the_one_that_restates_the_question():
    text = ("Der Stadtrat von Kellbach tagte am Abend. Außerdem habe der Kämmerer in der Sitzung erklärt, die Stadt "
            "müsse neue Kredite aufnehmen. Die Opposition verließ den Saal. „Wir sind enttäuscht“, sagte die "
            "Bürgermeisterin nach der Sitzung.")
    p, yes = passage(text), (lambda q, s: True)
    question = "Was sagte die Bürgermeisterin nach der Sitzung?"
    assert not answers_what_is_asked(_said("Die Bürgermeisterin sagte, die Stadt müsse neue Kredite aufnehmen [1]."),
                                     [p], question, 0.4, yes)  # the Kämmerer's words; not even judged
    assert answers_what_is_asked(_said("„Wir sind enttäuscht“, sagte die Bürgermeisterin nach der Sitzung [1]."),
                                 [p], question, 0.4, yes)
    # a reason stands apart from the sentence that restates the question: judged as before
    why = passage("Die Stadt muss neue Kredite aufnehmen, sagte der Kämmerer. Der Haushalt wurde im Frühjahr "
                  "beschlossen. Grund sind die gestiegenen Zinsen für die Schulen.")
    assert answers_what_is_asked(_said("Grund sind die gestiegenen Zinsen für die Schulen [1]."), [why],
                                 "Warum muss die Stadt neue Kredite aufnehmen?", 0.4, yes)


def test_an_english_answer_may_quote_the_article_in_german():
    """A quotation is the article's own words: 'The mayor said: „…“' is an English sentence. A German sentence, or a
    German quote with no words around it, is still no answer to an English question."""
    text = "Bürgermeisterin Anke Rösler sagte: „Die Brücke wird bis Ostern wieder für den Verkehr freigegeben.“"
    question = "What did the mayor say about the bridge?"
    checker = CitationChecker(embed=lambda texts: np.ones((len(texts), 4)))
    quoted = ("The mayor said: „Die Brücke wird bis Ostern wieder für den Verkehr freigegeben.“ [1]",
              'Mayor Anke Rösler said "Die Brücke wird bis Ostern wieder freigegeben" [1].')
    for claim in quoted:
        out = checker.check(claim, [passage(text)], "(not supported)", question)
        assert out.sentences[0].supported, (claim, out.sentences[0].reason)
    for claim in ("Die Bürgermeisterin sagte: „Die Brücke wird bis Ostern wieder freigegeben.“ [1]",
                  "„Die Brücke wird bis Ostern wieder für den Verkehr freigegeben.“ [1]"):
        out = checker.check(claim, [passage(text)], "(not supported)", question)
        assert out.sentences[0].reason == "not in the language of the question", claim


def test_a_place_whose_stem_is_a_stopword_is_something_new():
    """'Weiler' stems to 'weil' in German ('because'): in an English answer it is still the place the question
    asks for, not a repetition of the question."""
    text = "Während des Umbaus trägt der Verein seine Heimspiele im Stadion von Weiler aus."
    question = "Where will the club play its home games during the renovation?"
    checker = CitationChecker(embed=lambda texts: np.ones((len(texts), 4)))
    out = checker.check("The club will play its home games in Weiler during the renovation [1].", [passage(text)],
                        "(not supported)", question)
    assert out.sentences[0].reason != "repeats the question, adds nothing"
    out = checker.check("The club will play its home games during the renovation [1].", [passage(text)],
                        "(not supported)", question)
    assert out.sentences[0].reason == "repeats the question, adds nothing"


@pytest.mark.parametrize(("written", "same"), [
    ("22.45 Uhr", "22:45 Uhr"), ("22.45 Uhr", "10:45 p.m."), ("22.45 Uhr", "at 22:45"), ("7 Uhr", "7 a.m."),
    ("19 Uhr", "7 pm"), ("0.30 Uhr", "12:30 a.m."), ("12.15 Uhr", "12:15 pm"), ("9.05 Uhr", "9:05 am")])
def test_a_time_of_day_is_one_value_however_it_is_written(written, same):
    assert numbers(written) == numbers(same) and len(numbers(same)) == 1
    assert times(written) & times(same)


def test_a_score_and_a_german_am_are_no_time_of_day():
    assert numbers("Kellbach gewann 27:25 am Ende deutlich.") == {27.0, 25.0}
    assert numbers("Das Finale endete 3:1.") == {3.0, 1.0}
    assert numbers("Am 6 am Stück gespielten Tagen") == {6.0}


def test_an_english_answer_gives_the_time_in_its_own_form():
    text = "Die Warnung für die Anwohner wurde um 22.45 Uhr aufgehoben, teilte die Feuerwehr mit."
    question = "When was the warning for the residents lifted?"
    checker = CitationChecker(embed=lambda texts: np.ones((len(texts), 4)))
    for claim, right in (("The warning was lifted at 10:45 p.m. [1].", True), ("The warning was lifted at 22:45 [1].", True),
                         ("The warning was lifted at 9:45 p.m. [1].", False)):
        out = checker.check(claim, [passage(text)], "(not supported)", question)
        assert out.sentences[0].supported is right, claim
    assert supported("Die Warnung wurde um 22:45 Uhr aufgehoben [1].", text, "Wann wurde die Warnung aufgehoben?")


@pytest.mark.parametrize(("english", "german"), [
    ("on March 3rd", "am 3. März"), ("the 21st of June", "am 21. Juni"), ("a €1.5bn budget", "1,5 Milliarden Euro"),
    ("$200m in aid", "200 Millionen Dollar"), ("£3.2bn", "3,2 Milliarden Pfund"), ("a 5km stretch", "5 Kilometer"),
    ("the 200m final", "200 Meter")])
def test_english_numbers_with_a_suffix_are_their_value(english, german):
    assert numbers(english) == numbers(german)


def test_a_german_answer_from_an_english_article_with_bn_and_an_ordinal():
    text = "The council approved a €1.5bn investment plan on March 3rd, the mayor's office said."
    checker = CitationChecker(embed=lambda texts: np.ones((len(texts), 4)))
    out = checker.check("Der Rat beschloss einen Investitionsplan über 1,5 Milliarden Euro [1].", [passage(text)],
                        "(nicht belegt)", "Wie groß ist der Investitionsplan?")
    assert out.sentences[0].supported
    out = checker.check("Der Rat beschloss den Plan am 3. März [1].", [passage(text)], "(nicht belegt)",
                        "Wann beschloss der Rat den Investitionsplan?")
    assert out.sentences[0].supported
    out = checker.check("Der Rat beschloss einen Investitionsplan über 1,5 Millionen Euro [1].", [passage(text)],
                        "(nicht belegt)", "Wie groß ist der Investitionsplan?")
    assert not out.sentences[0].supported


def test_how_many_times_is_a_number():
    text = "Der SC Kellbach gewann das Derby gegen den FV Lorch mit 3:1. Vor 12.400 Zuschauern traf Mehmet Aydin zweimal."
    checker = CitationChecker(embed=lambda texts: np.ones((len(texts), 4)))
    for claim, right in (("Mehmet Aydin scored two goals [1].", True), ("Mehmet Aydin scored four goals [1].", False)):
        out = checker.check(claim, [passage(text)], "(not supported)", "How many goals did Mehmet Aydin score?")
        assert out.sentences[0].supported is right, claim
    assert numbers_and_words("She scored twice.") == numbers_and_words("Sie traf zweimal.") == {2.0}
    assert numbers_and_words("for the second time") == numbers_and_words("zum zweiten Mal") == {2.0}
    assert numbers_and_words("die zweite Halbzeit") == set()  # an ordinal alone counts nothing


def test_a_sentence_without_marks_of_either_language_is_in_the_questions():
    """"Revenue rose 7.4 percent." has no English stopword: it is read in the question's language (English), so
    checked against a German passage by meaning, not by German words."""
    text = "Der Umsatz der Kellbacher Werke stieg 2025 um 7,4 Prozent."
    checker = CitationChecker(embed=lambda texts: np.ones((len(texts), 4)))
    out = checker.check("Revenue rose 7.4 percent [1].", [passage(text)], "(not supported)",
                        "How much did the revenue of Kellbacher Werke rise?")
    assert out.sentences[0].supported
    assert detect_language("Revenue rose 7.4 percent.", "en") == "en"
    assert detect_language("Revenue rose 7.4 percent.") == "de"  # the corpus language by default


def test_a_number_word_of_another_sentence_is_not_the_sentence_given():
    """"fünf Jahre" is what the prosecution asked for, not the sentence: a number written as a word is an amount
    of its own sentence like a number in digits."""
    text = ("Das Landgericht Kellbach verurteilte den 43-jährigen Angeklagten am Dienstag zu vier Jahren und sechs "
            "Monaten Haft. Die Staatsanwaltschaft hatte fünf Jahre gefordert.")
    question = "Zu welcher Strafe wurde der Angeklagte verurteilt?"
    assert not supported("Der Angeklagte wurde zu fünf Jahren Haft verurteilt [1].", text, question)
    assert supported("Der Angeklagte wurde zu vier Jahren und sechs Monaten Haft verurteilt [1].", text, question)
    assert supported("Die Staatsanwaltschaft hatte fünf Jahre Haft gefordert [1].", text,
                     "Was hatte die Staatsanwaltschaft gefordert?")


def test_a_bare_value_is_judged_by_the_sentence_that_holds_it():
    """"3:1 [1]" adds no word to the question: the passage sentence holding 3:1 says whether it answers, not the
    bare value itself (which no judge can find answering)."""
    text = "Im Derby trafen der SC Kellbach und der FV Lorch aufeinander. Kellbach gewann vor 12.400 Zuschauern mit 3:1."
    question = "Mit welchem Ergebnis gewann der SC Kellbach das Derby?"
    answer = [SentenceCheck(text="3:1", citations=[1], supported=True)]
    assert answers_what_is_asked(answer, [passage(text)], question, 0.4, lambda q, s: False)
    elsewhere = "Der FV Lorch trainiert seit Montag wieder. Kellbach gewann vor 12.400 Zuschauern mit 3:1."
    assert not answers_what_is_asked(answer, [passage(elsewhere)], "Wer leitete das Derby?", 0.4, lambda q, s: False)


def test_a_topic_only_the_title_names_need_not_stand_by_the_number():
    """The article names the team in its title; the sentence with the budget does not: the title's words cannot
    stand beside a number of the text, and the title's "1. Bundesliga" is no other amount the claim took."""
    text = ("Der Aufstieg kam spät. Mit 40:4 Punkten steht Ahlen vor dem letzten Spieltag vorn.\n\n"
            "Für die höhere Liga braucht der Verein mehr Geld. Präsident Uwe Kramer nannte einen Etat von "
            "310.000 Euro, fast doppelt so viel wie bisher.")
    p = Passage(chunk_id="v::1", doc_id="v", title="TSV Ahlen steigt in die 1. Bundesliga auf", start=0,
                end=len(text), text=text)
    checker = CitationChecker(judge=lambda q, s: 1.0)  # a judge that finds every sentence answering
    question = "Wie hoch ist der Etat des TSV Ahlen für die 1. Bundesliga?"
    out = checker.check("Der Etat des TSV Ahlen für die 1. Bundesliga beträgt 310.000 Euro.", [p], "(x)", question)
    assert out.sentences[0].supported
    wrong = checker.check("Der Etat des TSV Ahlen für die 1. Bundesliga beträgt 40 Euro.", [p], "(x)", question)
    assert not wrong.sentences[0].supported
