import numpy as np

from assistant.citations import CitationChecker, answering_sentence
from assistant.types import Passage

P = [
    Passage(chunk_id="002::12", doc_id="002", title="T", start=100, end=300,
            text="Das Flugzeug stürzte ab. Dabei kamen 38 der 67 Menschen an Bord ums Leben."),
    Passage(chunk_id="004::3", doc_id="004", title="U", start=0, end=90,
            text="Baku machte russische elektronische Störsysteme verantwortlich – 38 Menschen starben."),
]


def check(text):
    return CitationChecker().check(text, P, "(nicht belegt)")


def test_supported_sentence_gets_quote_and_offsets():
    out = check("Beim Absturz kamen 38 der 67 Menschen an Bord ums Leben [1].")
    assert out.text == "Beim Absturz kamen 38 der 67 Menschen an Bord ums Leben [1]."
    (c,) = out.citations
    assert c.supported and c.doc_id == "002" and c.quote == "Dabei kamen 38 der 67 Menschen an Bord ums Leben."
    assert P[0].text[c.start - 100: c.end - 100] == c.quote


def test_invalid_marker_is_removed():
    out = check("Beim Absturz starben 38 Menschen [7].")
    assert out.removed_markers == [7] and "[7]" not in out.text
    assert out.citations[0].number in (1, 2)  # the check found a supporting passage itself
    assert out.sentences[0].reason == "citation added by check"


def test_wrong_number_is_marked_unsupported():
    out = check("Beim Absturz starben 1.000 Menschen [1].")
    assert out.text.endswith("(nicht belegt)") and not out.citations[0].supported
    assert not out.sentences[0].supported


def test_wrong_passage_cited_is_corrected_or_marked():
    out = check("Elektronische Störsysteme waren verantwortlich [1].")
    assert out.sentences[0].citations == [2] and out.sentences[0].reason == "citation corrected by check"
    out = check("Elektronische Störsysteme aus Israel waren verantwortlich für 12 Tote [1].")
    assert not out.sentences[0].supported and "(nicht belegt)" in out.text


def test_markers_after_the_full_stop_and_both_sources():
    out = check("Baku machte russische Störsysteme verantwortlich. [1][2] Es starben 38 Menschen. [2]")
    assert [s.citations for s in out.sentences] == [[2], [2]]
    assert out.sentences[0].reason == "some markers did not support it"


def test_model_abstention_detected():
    assert check("Dazu enthalten die Artikel keine Angaben.").model_abstained
    assert not check("Es starben 38 Menschen [2].").model_abstained


def test_markup_in_answers_is_dropped():
    out = check("Es starben 38 Menschen [2]. ![x](http://127.0.0.1:9/a.png) <img src='http://127.0.0.1:9/b'>")
    assert out.text == "Es starben 38 Menschen [2]." and len(out.sentences) == 1


def test_a_sentence_that_only_repeats_the_question_answers_nothing():
    question = "Wie viele Menschen starben beim Absturz?"
    for echo in ("Beim Absturz starben Menschen [1].", "Die Menschen starben beim Absturz [2",
                 "Beim Absturz starben mehrere Menschen [1]."):
        out = CitationChecker().check(echo, P, "(nicht belegt)", question)
        (s,) = out.sentences
        assert not s.supported and s.reason == "repeats the question, adds nothing", echo
    out = CitationChecker().check("Beim Absturz starben 38 Menschen [1].", P, "(nicht belegt)", question)
    assert out.sentences[0].supported  # the number is the answer
    out = CitationChecker().check("Baku machte Störsysteme verantwortlich [2].", P, "(nicht belegt)",
                                  "Wen machte Baku für den Absturz verantwortlich?")
    assert out.sentences[0].supported  # new terms: Störsysteme
    # English: "supplied" repeats "supply" (the German stemmer alone keeps them apart)
    english = CitationChecker(embed=close_to_everything)
    out = english.check("Iran supplied drones to Russia [1].", P, "(not supported)", "Which drones did Iran supply to Russia?")
    assert out.sentences[0].reason == "repeats the question, adds nothing"
    out = english.check("Iran supplied Shahed drones [1].", P, "(not supported)", "Which drones did Iran supply to Russia?")
    assert out.sentences[0].reason != "repeats the question, adds nothing"


def test_an_english_question_gets_no_german_sentence_as_answer():
    checker = CitationChecker(embed=close_to_everything)
    out = checker.check("Baku machte russische elektronische Störsysteme verantwortlich [2].", P, "(not supported)",
                        "Whom did Baku blame for the crash?")
    assert not out.sentences[0].supported and out.sentences[0].reason == "not in the language of the question"
    out = checker.check("Baku blamed the crash on Russian jamming [2].", P, "(not supported)",
                        "Whom did Baku blame for the crash?")
    assert out.sentences[0].supported
    out = checker.check("Störsysteme [2].", P, "(not supported)", "Whom did Baku blame for the crash?")
    assert out.sentences[0].reason != "not in the language of the question"  # a bare name is in no language


def test_yes_or_no_is_an_answer_of_its_own():
    out = CitationChecker().check("Ja, Baku machte Störsysteme verantwortlich [2].", P, "(nicht belegt)",
                                  "Machte Baku Störsysteme verantwortlich?")
    assert out.sentences[0].supported


def test_a_number_must_stand_where_the_passage_says_it():
    passage = Passage(chunk_id="002::30", doc_id="002", title="T", start=0, end=200,
                      text="Lawrow besuchte Eriwan am 20. und 21. Mai 2025. Wenige Tage danach besuchte die "
                           "EU-Außenbeauftragte Kallas Armenien und unterzeichnete ein Partnerschaftsabkommen.")
    out = CitationChecker().check("Am 20. Mai 2025 besuchte Kallas Armenien und unterzeichnete ein "
                                  "Partnerschaftsabkommen [1].", [passage], "(nicht belegt)")
    assert not out.sentences[0].supported  # the date is Lawrow's visit
    out = CitationChecker().check("Lawrow besuchte Eriwan am 20. Mai 2025 [1].", [passage], "(nicht belegt)")
    assert out.sentences[0].supported
    # a question word the passage words differently ("AZAL-Maschine") does not count against the number
    crash = Passage(chunk_id="004::2", doc_id="004", title="T", start=0, end=200,
                    text="Im Dezember 2024 stürzte ein Passagierflugzeug über dem Kaspischen Meer ab, ein Absturz "
                         "mit Folgen. Baku machte russische Störsysteme verantwortlich – 38 Menschen starben.")
    out = CitationChecker().check("38 Menschen starben beim Absturz der AZAL-Maschine [1].", [crash],
                                  "(nicht belegt)", "Wie viele Menschen starben beim Absturz der AZAL-Maschine?")
    assert out.sentences[0].supported


def test_a_bare_value_must_stand_where_the_passage_speaks_of_the_question():
    question = "Wie viele Menschen starben beim Absturz?"
    out = CitationChecker().check("38 [2].", P, "(nicht belegt)", question)
    assert out.sentences[0].supported
    out = CitationChecker().check("67 [1].", P, "(nicht belegt)", "In welchem Jahr wurde Alijew Präsident?")
    assert not out.sentences[0].supported  # 67 is in the passage, but not where it speaks of Alijew


def test_a_part_of_a_whole_is_about_what_is_said_of_the_part():
    only_002 = P[:1]  # "Dabei kamen 38 der 67 Menschen an Bord ums Leben."

    def checked(answer: str, question: str = "") -> tuple[str, bool]:
        out = CitationChecker().check(answer, only_002, "(nicht belegt)", question)
        return out.text, out.sentences[0].supported

    def supported(answer: str, question: str = "") -> bool:
        return checked(answer, question) == (answer, True)

    assert supported("38 Menschen kamen ums Leben [1].")
    assert supported("38 [1].", "Wie viele Menschen kamen ums Leben?")
    assert supported("67 Menschen waren an Bord [1].")
    assert supported("67 Menschen waren an Bord der AZAL-Maschine [1].")  # a hyphenated word counts once
    assert supported("Von den 67 Menschen an Bord kamen 38 ums Leben [1].")
    assert supported("Betroffen waren 38 der 67 Menschen an Bord [1].")  # names the whole
    # the 67 were on board, 38 of them died: the check writes the whole, which the passage supports
    assert checked("38 Menschen waren an Bord [1].") == ("67 Menschen waren an Bord [1].", True)
    assert checked("38 [1].", "Wie viele Menschen waren an Bord?") == ("67 [1].", True)
    out = CitationChecker().check("38 Menschen waren an Bord [1].", only_002, "(nicht belegt)")
    assert out.sentences[0].reason == "number corrected by check: the passage counts 38 as part of 67"
    assert out.citations[0].quote == "Dabei kamen 38 der 67 Menschen an Bord ums Leben."
    # another passage's "38 Menschen starben" does not make "38 … an Bord" right: the passage that counts them wins
    out = check("38 Menschen waren an Bord [2].")
    assert out.text == "67 Menschen waren an Bord [1]." and out.sentences[0].supported
    assert check("38 Menschen starben [2].").sentences[0].supported
    # when the whole does not fit the rest of the claim either, the claim stays refused
    out = check("38 Menschen waren an Bord des Zuges von Moskau nach Minsk [2].")
    assert not out.sentences[0].supported and out.sentences[0].reason == "gives a part as the whole"


def close_to_everything(texts: list[str]) -> np.ndarray:
    return np.ones((len(texts), 4)) / 2.0  # every pair of texts has cosine 1


def by_topic(texts: list[str]) -> np.ndarray:
    """On board / died / anything: "38 people were on board" is close to "38 Menschen an Bord"."""
    vectors = np.array([[("board" in t or "Bord" in t), ("died" in t or "Leben" in t), 1.0] for t in texts])
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_a_part_given_as_the_whole_in_english_is_found_by_meaning():
    checker = CitationChecker(embed=by_topic, semantic_threshold=0.8)
    out = checker.check("38 people were on board [1].", P[:1], "(not supported)")
    assert out.text == "67 people were on board [1]." and out.sentences[0].supported
    assert out.sentences[0].written == "38 people were on board."
    out = checker.check("38 people died in the crash [1].", P[:1], "(not supported)")
    assert out.text == "38 people died in the crash [1]." and out.sentences[0].supported  # said of the 38
    strict = CitationChecker(embed=by_topic, semantic_threshold=0.9)  # the whole is not close enough either
    out = strict.check("38 people were on board [1].", P[:1], "(not supported)")
    assert not out.sentences[0].supported and out.sentences[0].reason == "gives a part as the whole"


def test_meaning_counts_only_across_languages():
    checker = CitationChecker(embed=close_to_everything)
    out = checker.check("38 people died in the crash [1].", P, "(not supported)")
    assert out.sentences[0].supported  # English answer, German passage: judged by meaning
    out = checker.check("Die Besatzung konnte sich mit Fallschirmen retten [1].", P, "(nicht belegt)")
    assert not out.sentences[0].supported  # same language: the words must be there


def test_the_question_is_no_evidence_for_the_answer():
    city = [
        Passage(chunk_id="000::1", doc_id="000", title="A", start=0, end=90,
                text="Im Juni 2025 wurden in Russland ethnische Aserbaidschaner massenhaft verhaftet."),
        Passage(chunk_id="001::4", doc_id="001", title="B", start=0, end=90,
                text="In Jekaterinburg nahm die Polizei im Juni 2025 ethnische Aserbaidschaner fest."),
    ]
    question = "In welcher Stadt wurden im Juni 2025 ethnische Aserbaidschaner massenhaft verhaftet?"
    out = CitationChecker().check("In Jekaterinburg wurden im Juni 2025 ethnische Aserbaidschaner massenhaft "
                                  "verhaftet [1].", city, "(nicht belegt)", question)
    # the first passage holds every word of the question, but not the answer: the citation moves to the second
    assert out.sentences[0].citations == [2] and out.sentences[0].reason == "citation corrected by check"


def test_a_number_the_claim_repeats_from_the_question_need_not_be_in_the_passage():
    crash = [Passage(chunk_id="002::12", doc_id="002", title="T", start=0, end=120,
                     text="Im Dezember letzten Jahres wurde das Flugzeug von der russischen Luftabwehr beschossen.")]
    question = "Was war die Ursache für den Absturz des Flugzeugs im Dezember 2024?"
    claim = "Die Ursache für den Absturz im Dezember 2024 war die russische Luftabwehr [1]."
    assert CitationChecker().check(claim, crash, "(nicht belegt)", question).sentences[0].supported
    # a number of its own must still be there
    claim = "Im Dezember 2024 starben 38 Menschen durch die russische Luftabwehr [1]."
    assert not CitationChecker().check(claim, crash, "(nicht belegt)", question).sentences[0].supported


def test_a_bare_name_must_stand_where_the_passage_speaks_of_the_question():
    deal = [Passage(chunk_id="003::2", doc_id="003", title="T", start=0, end=160,
                    text="Das strategische Abkommen sollte in Kasan unterzeichnet werden. Lawrow reiste danach "
                         "nach Moskau.")]
    question = "In welcher Stadt sollte das strategische Abkommen unterzeichnet werden?"

    def supported(claim: str) -> bool:
        return CitationChecker().check(claim, deal, "(nicht belegt)", question).sentences[0].supported

    assert supported("In Kasan sollte das strategische Abkommen unterzeichnet werden [1].")
    assert not supported("In Moskau sollte das strategische Abkommen unterzeichnet werden [1].")  # Moskau: elsewhere
    assert supported("Lawrow reiste nach Moskau [1].")  # more than a name added to the question: the word check


def test_the_quote_is_a_sentence_not_a_heading():
    text = ("Aserbaidschan und Russland\n\nIm Dezember stürzte ein Passagierflugzeug ab. Nach Angaben der Behörden "
            "wurde es von der russischen Luftabwehr beschossen.")
    crash = [Passage(chunk_id="002::12", doc_id="002", title="T", start=0, end=len(text), text=text)]
    out = CitationChecker().check("Das aserbaidschanische Passagierflugzeug wurde von Russland beschossen [1].", crash,
                                  "(nicht belegt)", "Was war die Ursache des Absturzes?")
    assert out.citations[0].quote != "Aserbaidschan und Russland"
    assert out.citations[0].quote.endswith(".")


def test_the_answering_sentence_holds_the_questions_words_and_what_it_asks_for():
    crash = [P[1], P[0]]  # [2] "Das Flugzeug stürzte ab. Dabei kamen 38 der 67 Menschen an Bord ums Leben."
    assert answering_sentence("Wie viele Menschen kamen an Bord ums Leben?", crash, 0.7) == (
        "Dabei kamen 38 der 67 Menschen an Bord ums Leben [2].")
    assert answering_sentence("Wie viele Menschen kamen an Bord ums Leben?", crash, 1.0) is not None
    assert answering_sentence("Wie viele Kinder kamen in Baku ums Leben?", crash, 0.7) is None  # 2 of 4 terms
    assert answering_sentence("Wann kamen die Menschen an Bord ums Leben?", crash, 0.7) is None  # 38 is no time
    assert answering_sentence("Warum kamen Menschen an Bord ums Leben?", crash, 0.7) is None  # not for why
    assert answering_sentence("How many people died on board?", crash, 0.7) is None  # not across languages


def test_for_who_what_where_the_answering_sentence_adds_a_term_of_its_own():
    text = "Das Stadtmuseum schloss im Winter. Im Frühjahr zog das Stadtmuseum nach Kassel um."
    museum = [Passage(chunk_id="m::0", doc_id="m", title="Museum", start=0, end=len(text), text=text)]
    assert answering_sentence("Wohin zog das Stadtmuseum im Frühjahr um?", museum, 0.7) == (
        "Im Frühjahr zog das Stadtmuseum nach Kassel um [1].")
    assert answering_sentence("Zog das Stadtmuseum im Frühjahr nach Kassel um?", museum, 0.7) is None  # adds nothing
    assert answering_sentence("Weshalb zog das Stadtmuseum im Frühjahr um?", museum, 0.7) is None
    assert answering_sentence("Wodurch wurde der Umzug des Stadtmuseums im Frühjahr verursacht?", museum, 0.7) is None
    linked = [museum[0].model_copy(update={"text": text.replace("Kassel", "[Kassel](http://127.0.0.1:9/k)")})]
    assert answering_sentence("Wohin zog das Stadtmuseum im Frühjahr um?", linked, 0.7) is None  # never with markup


def by_words(texts: list[str]) -> np.ndarray:
    """Closeness by shared topic words, across the two languages: soldiers/Soldaten, spectators/Zuschauer."""
    topics = [("soldier", "Soldat"), ("spectator", "Zuschauer"), ("goal", "Tor")]
    vectors = np.array([[any(w in t for w in pair) for pair in topics] + [0.5] for t in texts], dtype=float)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_a_bare_value_across_languages_stands_in_the_sentence_closest_to_the_question():
    passage = [Passage(chunk_id="a::1", doc_id="a", title="Pokalfinale", start=0, end=200,
                       text="Vor 11.800 Zuschauern gewann Hagenfeld das Finale. Berger erzielte neun Tore. "
                            "Nordkorea hatte zunächst 11.000 Soldaten nach Russland entsandt.")]
    checker = CitationChecker(embed=by_words)  # no question shares a word with the passage: meaning decides
    for question, value, right in [("How many spectators watched the match?", "11,800", True),
                                   ("How many goals were scored by the player?", "9", True),
                                   ("How many soldiers were sent to Russia?", "11,000", True),
                                   ("How many spectators watched the match?", "11,000", False),
                                   ("How many soldiers were sent to Russia?", "11,800", False)]:
        out = checker.check(f"{value} [1]", passage, "(not supported)", question)
        assert out.sentences[0].supported is right, (question, value)
    out = CitationChecker().check("11,800 [1]", passage, "(not supported)", "How many spectators came?")
    assert not out.sentences[0].supported  # without the embedding there is nothing to judge by
    out = checker.check("11.000 [1]", passage, "(nicht belegt)", "Wie viele Zuschauer sahen das Finale?")
    assert not out.sentences[0].supported  # same language: the question's terms must stand around it


def test_the_question_restated_with_a_value_across_languages_is_checked_like_the_bare_value():
    passage = [Passage(chunk_id="a::1", doc_id="a", title="Pokalfinale", start=0, end=200,
                       text="Vor 11.800 Zuschauern gewann Hagenfeld das Finale. Berger erzielte neun Tore. "
                            "Nordkorea hatte zunächst 11.000 Soldaten nach Russland entsandt.")]

    def apart(texts: list[str]) -> np.ndarray:
        """by_words, with the answer's own wording far from every passage sentence: only the question can tell
        which sentence answers (e5 rated "11,800 spectators watched the handball cup final." 0.856 to its
        German sentence, under semantic_threshold)."""
        vectors = np.hstack([by_words(texts), [[2.0 * ("watched" in t)] for t in texts]])
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)

    def supported(claim: str, question: str = "How many spectators watched the match?") -> bool:
        return CitationChecker(embed=apart).check(claim, passage, "(not supported)", question).sentences[0].supported

    assert supported("11,800 spectators watched the match [1].")
    assert not supported("11,000 spectators watched the match [1].")  # the closest sentence holds another value
    assert not supported("11,800 spectators watched the match in Russia [1].")  # more than the question: by meaning
    assert not supported("11.800 Zuschauer sahen das Spiel [1].", "Wie viele Zuschauer sahen das Spiel?")  # one
    # language: the words decide ("Spiel" is not in the passage)


def test_a_date_is_no_amount():
    passage = [Passage(chunk_id="a::1", doc_id="a", title="Sturm", start=0, end=120,
                       text="Der Sturm zog am Montag über das Land. Im Oktober 2025 starben dabei drei Menschen.")]
    checker = CitationChecker(embed=by_words)

    def supported(claim: str, question: str) -> bool:
        return checker.check(claim, passage, "(not supported)", question).sentences[0].supported

    assert supported("3 [1]", "How many people died in the storm?")
    assert supported("3 people died in the storm [1].", "How many people died in the storm?")
    assert not supported("2025 [1]", "How many people died in the storm?")
    assert not supported("2025 people died in the storm [1].", "How many people died in the storm?")
    assert supported("2025 [1]", "In which year did people die in the storm?")  # asked when: the year answers
    assert supported("Drei Menschen starben [1].", "Wie viele Menschen starben?")
    assert not supported("2025 Menschen starben [1].", "Wie viele Menschen starben?")
    assert supported("Im Oktober 2025 starben drei Menschen [1].", "Wie viele Menschen starben?")  # a date beside


def test_a_year_standing_alone_is_no_amount():
    left = [Passage(chunk_id="a::1", doc_id="a", title="Truppe", start=0, end=60,
                    text="Die Schutztruppe zog mit ihren Soldaten 2024 ab.")]
    size = [Passage(chunk_id="b::1", doc_id="b", title="Truppe", start=0, end=60,
                    text="Die Schutztruppe umfasste 1960 Soldaten.")]
    checker = CitationChecker(embed=by_words)

    def supported(claim: str, question: str, passages: list[Passage]) -> bool:
        return checker.check(claim, passages, "(not supported)", question).sentences[0].supported

    english, german = "How many soldiers did the force have?", "Wie viele Soldaten hatte die Schutztruppe?"
    assert not supported("2024 [1]", english, left)  # "zog … 2024 ab": a year
    assert not supported("Die Schutztruppe hatte 2024 Soldaten [1].", german, left)
    assert supported("2024 [1]", "In which year did the force leave?", left)
    assert supported("1960 [1]", english, size)  # a noun after it: an amount
    assert supported("Die Schutztruppe hatte 1960 Soldaten [1].", german, size)
