import itertools

from assistant.chunking import chunk_document
from assistant.clean import load_document
from assistant.numbers import Part, amounts, numbers, partitives, replace_number, times
from assistant.questions import asks_amount, asks_cause, asks_one_answer, asks_time
from assistant.settings import ChunkingSettings
from assistant.text import detect_language, english_terms, reads_german, split_sentences, stem, terms

from .conftest import CORPUS


def sentences(text):
    return [text[a:b] for a, b in split_sentences(text)]


def test_german_abbreviations_and_dates_do_not_split():
    text = ("Der Kreml suchte u.a. mit Nordkorea Partner. Lawrow besuchte Eriwan am 20. und 21. Mai 2025. "
            "Es gab z.B. Proteste. Am 21. Dezember 2024 stürzte es ab! Wer war es? Dr. Meier weiß es.")
    assert sentences(text) == [
        "Der Kreml suchte u.a. mit Nordkorea Partner.", "Lawrow besuchte Eriwan am 20. und 21. Mai 2025.",
        "Es gab z.B. Proteste.", "Am 21. Dezember 2024 stürzte es ab!", "Wer war es?", "Dr. Meier weiß es."]


def test_quotes_end_sentences():
    assert sentences("Er sagte: „Es geschah.“ Dann ging er.") == ["Er sagte: „Es geschah.“", "Dann ging er."]


def test_numbers_are_typed_values():
    assert numbers("11.000") == numbers("11000") == numbers("11 000") == numbers("11,000") == {11000.0}
    assert numbers("1.000") == {1000.0} != numbers("11.000")
    assert numbers("1,5 Millionen") == {1_500_000.0} and 15.0 not in numbers("1,5 Millionen")
    assert numbers("38 der 67") == {38.0, 67.0}


def test_terms_fold_umlauts_inflection_and_compounds():
    assert stem("Übergriffe") == stem("Uebergriffe") == stem("U\u0308bergriffe")
    assert stem("Soldaten") == stem("Soldat")
    vocab = set(terms("Drohnen Angriff"))
    assert {"drohn", "angriff"} <= set(terms("Shahed-Angriffsdrohnen", vocab))


def test_language():
    assert detect_language("How many people died in the crash?") == "en"
    assert detect_language("Wie viele Menschen starben?") == "de"


def test_chunks_cover_text_with_exact_offsets():
    for path in sorted(CORPUS.glob("*.txt")):
        doc = load_document(path)
        chunks = chunk_document(doc, ChunkingSettings())
        assert chunks and chunks[0].start == 0 and chunks[-1].end == len(doc.text)
        for c in chunks:
            assert doc.text[c.start:c.end] == c.text and len(c.text) <= ChunkingSettings().max_chars
        for a, b in itertools.pairwise(chunks):
            assert b.start <= a.end + 2  # no gap: every sentence is in some chunk
        assert [c.chunk_id for c in chunks] == [f"{doc.doc_id}::{i}" for i in range(len(chunks))]


def test_partitives_give_the_part_the_whole_and_what_is_said_of_the_part():
    assert partitives("…, als es abstürzte und 38 der 67 Menschen an Bord ums Leben kamen.") == {
        38.0: Part(67.0, {"mensch", "bord"}, {"absturzt", "ums", "leb", "kam"}, "67", "38", "Menschen an Bord",
                   "als es abstürzte und ums Leben kamen")}
    assert partitives("4 000 der 11.000 Soldaten wurden getötet oder verletzt.")[4000.0].whole == 11000.0
    assert partitives("38 of the 67 people on board died.")[38.0].said == {"died"}
    assert partitives("Im Jahr 2024 starben 38 Menschen, 67 waren an Bord.") == {}
    assert partitives("4 000 der 11.000 Soldaten wurden getötet.")[4000.0].whole_text == "11.000"
    # the whole first: what stands between the whole's noun and a comma is said of the whole
    first = partitives("Of the 2,300 cyclists who set off, 1,980 reached the finish.")[1980.0]
    assert (first.whole, first.noun_text, first.said_text) == (2300.0, "cyclists who set off", "reached the finish")
    assert partitives("Von den 67 Menschen an Bord kamen 38 ums Leben.")[38.0].said_text == "kamen ums Leben"


def test_reads_german_needs_german_marks():
    assert reads_german("Pezeshkian betonte nach dem Gespräch, dass …")
    assert not reads_german("Baku blamed Russian electronic jamming")  # detect_language says "de" by default
    assert not reads_german("The plane crashed over the Caspian Sea")


def test_times_are_numbers_months_and_time_words():
    assert times("Anfang Oktober.") == {"anfang", "oktober"}
    assert times("Im Jahr 1993 schloss die Türkei die Grenze.") == {1993.0, "jahr"}
    assert times("Moskaus neue Verbündete") == times("38 der 67 Menschen") == set()
    assert times("two years ago") == {"years", "ago"}


def test_english_terms_compare_english_words_by_stem():
    assert english_terms("Iran supplied the drones") == english_terms("drone supply from Iran") == {
        "iran", "suppli", "drone"}


def test_replace_number_rewrites_the_first_number_of_that_value():
    assert replace_number("Im Jahr 2024 waren 38 Menschen an Bord.", 38.0, "67") == "Im Jahr 2024 waren 67 Menschen an Bord."
    assert replace_number("4.000 Soldaten, 4 000 Verletzte", 4000.0, "11.000") == "11.000 Soldaten, 4 000 Verletzte"
    assert replace_number("38 Menschen", 67.0, "70") == "38 Menschen"


def test_amounts_leave_dates_out_and_read_number_words():
    assert amounts("Lawrow besuchte Eriwan am 20. und 21. Mai 2025.") == set()
    assert amounts("Karabach fiel im September 2023, im Jahr 2023 also.") == set()
    assert amounts("On December 25, 2024 it crashed.") == set()
    assert amounts("Im Dezember 2024 starben 38 der 67 Menschen.") == {38.0, 67.0}
    assert amounts("Zwei Todesopfer, Zehntausende Soldaten, dreißig Panzer") == {"zwei", "zehntausende", "dreissig"}
    assert amounts("Moskau zeigte keine Bereitschaft.") == set()
    assert asks_amount("Und wie viele davon?") and asks_amount("How much gas?") and asks_amount("Wieviel kostet es?")
    assert not asks_amount("Wer ist der Verteidigungsminister?")


def test_amounts_leave_ordinals_out():
    # a rank or a chamber is no answer to "Wie viele …?" / "Wie hoch …?"
    assert amounts("Nach Auffassung der 4. Zivilkammer war die Kündigung unwirksam.") == set()
    assert amounts("Zum 3. Mal gewann Kiel, vor 11.800 Zuschauern.") == {11800.0}
    assert amounts("Im 2. Quartal stieg der Umsatz um 12 Prozent.") == {12.0}
    assert amounts("Am Ende waren es 4. Dann kam der Bus.") == {4.0}  # no article before it: an amount


def test_questions_with_one_true_answer():
    one = ["Was war die Ursache des Absturzes?", "Warum stürzte das Flugzeug ab?", "Aus welchem Grund?",
           "Wer machte Baku verantwortlich?", "Wann schloss die Türkei die Grenze?", "Wo stürzte es ab?",
           "Wie viele Menschen starben?", "Who is to blame for the crash?", "What caused the crash?"]
    many = ["Wie reagierte Baku auf die Razzien?", "Was forderte Baku von Russland?", "Welche Länder liefern Drohnen?",
            "Über den grundlegenden Wandel im Verhältnis?", "In which cities did police raid businesses?",
            "Wofür steht AZAL?"]
    assert [q for q in one if not asks_one_answer(q)] == []
    assert [q for q in many if asks_one_answer(q)] == []
    assert asks_time("Wann war das?") and asks_time("In welchem Jahr?") and not asks_time("Wie viele?")
    assert asks_time("When did Russia and Iran sign a treaty?") and asks_time("Where and when did they meet?")
    assert not asks_time("How many people died when the plane crashed?")
    causes = ["Was war die Ursache des Absturzes?", "Wodurch stürzte es ab?", "Wer ist schuld daran?",
              "Wodurch wurde er verursacht?", "What caused the crash?", "Who is to blame?"]
    assert [q for q in causes if not asks_cause(q)] == []
    assert not asks_cause("Warum will der Iran Luftabwehr kaufen?") and not asks_cause("Wer entschuldigte sich?")
