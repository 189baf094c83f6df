from __future__ import annotations

import json
import re

import pytest

from assistant import Answer
from assistant.cli import format_answer, main
from assistant.errors import EmptyCorpus
from assistant.prompts import CAUSE_HINT, prompt_order, renumber, renumbered
from assistant.types import Passage
from assistant.ui import source_html

from .conftest import ScriptedLLM


def last_user(messages):
    return messages[-1].content or ""


def test_ask_returns_checked_citations(make_assistant):
    llm = ScriptedLLM(script=lambda m: "Im Herbst schickte Nordkorea zunächst 11.000 Soldaten nach Russland [1].")
    a = make_assistant(llm)
    ans = a.ask("Wie viele Soldaten schickte Nordkorea zunächst nach Russland?")
    assert not ans.abstained and ans.model == "scripted" and ans.language == "de"
    (c,) = ans.citations
    assert c.supported and c.doc_id == "002_ae1e676b21058354.txt" and "11.000 Soldaten" in c.quote
    assert a.document(c.doc_id).text[c.start:c.end] == c.quote
    prompt = last_user(llm.prompts[0])
    assert "11.000 Soldaten" in prompt and "[1]" in prompt and "Answer in German" in prompt


def whole_passages(settings):
    """Whole passages trimmed to context_tokens, one prompt per article (the default; pinned for these tests)."""
    settings.generation.per_source, settings.generation.evidence_tokens = True, 0


def test_passages_are_data_and_sent_within_budget(make_assistant, settings):
    whole_passages(settings)
    settings.generation.context_tokens = 250
    llm = ScriptedLLM(script=lambda m: "Nordkorea schickte 11.000 Soldaten [1].")
    ans = make_assistant(llm, settings=settings).ask("Wie viele Soldaten schickte Nordkorea nach Russland?")
    system, user = llm.prompts[0]
    assert "passages are data" in (system.content or "")
    assert len(user.content or "") // 3 < 250 + 200 and len(ans.passages) < settings.top_k


def test_unanswerable_question_abstains_without_llm(make_assistant):
    llm = ScriptedLLM([])
    ans = make_assistant(llm).ask("Wer gewann die Fußball-WM 2022?")
    assert ans.abstained and ans.text == "Dazu enthalten die Artikel keine Angaben." and not ans.citations
    assert ans.passages and llm.prompts == []


def test_model_saying_no_answer_abstains_in_question_language(make_assistant):
    ans = make_assistant(ScriptedLLM(["The articles don't say."])).ask("Who is the president of Armenia?")
    assert ans.abstained and ans.text == "The articles don't say." and ans.language == "en"


def test_unsupported_answer_becomes_abstention(make_assistant):
    ans = make_assistant(ScriptedLLM(script=lambda m: "Frankreichs Hauptstadt ist Paris [1].")).ask(
        "Was sagen die Artikel über die Hauptstadt Aserbaidschans Baku?")
    assert ans.abstained and ans.abstain_reason == "nothing the model said is supported by the passages"


def test_how_many_answered_without_an_amount_becomes_abstention(make_assistant, settings):
    reply = "Im Herbst hatte Nordkorea zunächst Soldaten nach Russland entsandt [1]."
    settings.generation.quote_share = 0  # no quoting instead (see the next test)
    ans = make_assistant(ScriptedLLM(script=lambda m: reply), settings=settings).ask(
        "Wie viele Soldaten schickte Nordkorea nach Russland?")
    assert ans.abstained and ans.abstain_reason == "the question asks how many and the answer names no amount"
    assert ans.passages and not ans.citations
    settings.generation.quote_share = 0.7  # the corpus says it in the question's words: that sentence is quoted
    ans = make_assistant(ScriptedLLM(script=lambda m: reply), settings=settings).ask(
        "Wie viele Soldaten schickte Nordkorea nach Russland?")
    assert not ans.abstained and ans.text.startswith("Nordkorea schickte Zehntausende von Soldaten zur Unterstützung")
    assert ans.citations[0].doc_id == "002_ae1e676b21058354.txt" and ans.citations[0].supported
    reply = "Im Herbst hatte Nordkorea zunächst 11.000 Soldaten nach Russland entsandt [1]."
    ans = make_assistant(ScriptedLLM(script=lambda m: reply)).ask("Wie viele Soldaten schickte Nordkorea nach Russland?")
    assert not ans.abstained and ans.citations


def test_when_answered_without_a_time_is_quoted_or_abstains(make_assistant, settings):
    headline = Passage(chunk_id="002::2", doc_id="002", title="Moskaus neue Verbündete", start=0, end=90,
                       dense_score=0.9, text="Moskaus neue Verbündete. Im Januar 2025 unterzeichneten Russland und "
                                             "der Iran einen Vertrag.")

    def ask(reply: str, quote_share: float = 0.0):
        settings.generation.quote_share = quote_share
        return make_assistant(ScriptedLLM(script=lambda m: reply), retriever=FixedRetriever([headline]),
                              settings=settings).ask("Wann unterzeichneten Russland und der Iran einen Vertrag?")
    ans = ask("Moskaus neue Verbündete [1].")  # supported by the words, but says nothing of when
    assert ans.abstained and ans.abstain_reason == "the question asks when and the answer names no time"
    assert not ask("Im Januar 2025 [1].").abstained
    # with quoting on (the default), the passage sentence that says it in the question's words is the answer
    ans = ask("Moskaus neue Verbündete [1].", quote_share=0.7)
    assert not ans.abstained and ans.text == "Im Januar 2025 unterzeichneten Russland und der Iran einen Vertrag [1]."
    assert ans.citations[0].quote == "Im Januar 2025 unterzeichneten Russland und der Iran einen Vertrag."
    assert ans.sentences[0].reason == ("quoted from the passage by the check; the model's answer: the question asks "
                                       "when and the answer names no time")
    assert ans.raw_text == "Moskaus neue Verbündete [1]."
    assert "(quoted word for word from the source" in format_answer(ans)


def test_a_price_question_answered_without_a_price_abstains(make_assistant, settings):
    hall = Passage(chunk_id="x::0", doc_id="x", title="Neue Stadthalle", start=0, end=80, dense_score=0.9,
                   text="Die neue Stadthalle wurde von der Firma Krenz gebaut. Sie öffnet im Mai.")
    settings.generation.quote_share = 0.0
    reply = "Die Stadthalle wurde von der Firma Krenz gebaut [1]. Sie kostete 12 Millionen Euro [1]."
    ans = make_assistant(ScriptedLLM(script=lambda m: reply), retriever=FixedRetriever([hall]),
                         settings=settings).ask("Was kostete die neue Stadthalle?")
    assert ans.abstained and ans.abstain_reason == "the question asks how many and the answer names no amount"


def test_a_marker_repeated_in_a_loop_ends_the_answer(make_assistant):
    reply = "Nordkorea schickte zunächst 11.000 Soldaten [1]" + " [1]" * 200
    written: list[str] = []
    for event in make_assistant(ScriptedLLM(script=lambda m: reply)).stream(
            "Wie viele Soldaten schickte Nordkorea zunächst nach Russland?"):
        if isinstance(event, str):
            written.append(event)
        else:
            answer = event
    assert "".join(written).count("[1]") == 4 and answer.raw_text.count("[1]") == 4
    assert not answer.abstained and answer.text == "Nordkorea schickte zunächst 11.000 Soldaten [1]"


def test_a_bare_name_is_supported_by_the_byline(make_assistant):
    ans = make_assistant(ScriptedLLM(script=lambda m: "Asif Masimov [1].")).ask(
        "Wer schrieb den Gastkommentar über Bakus Spiegelstrategie?")
    assert not ans.abstained and ans.citations[0].doc_id == "004_6651d824c7ae0d77.txt"


def test_every_passage_of_a_translated_article_knows_its_translator(make_assistant):
    stored = make_assistant().store.all_passages()
    assert {p.translator for p in stored if p.doc_id.startswith("001")} == {"Andreas Bredenfeld"}
    assert {p.translator for p in stored if not p.doc_id.startswith("001")} == {None}
    passages = [next(p for p in stored if p.doc_id.startswith(d)).model_copy(update={"dense_score": 0.9})
                for d in ("004", "001")]
    llm = ScriptedLLM(script=lambda m: "Andreas Bredenfeld [2].")
    ans = make_assistant(llm, retriever=FixedRetriever(passages)).ask("Wer hat den Artikel übersetzt?")
    assert not ans.abstained and ans.citations[0].doc_id == "001_ee570931bf119cc6.txt"  # the byline supports it


def test_the_translator_is_shown_where_the_question_asks_about_the_article(make_assistant):
    stored = make_assistant().store.all_passages()
    passage = next(p for p in stored if p.translator).model_copy(update={"dense_score": 0.9})
    llm = ScriptedLLM(script=lambda m: "Andreas Bredenfeld [1].")
    a = make_assistant(llm, retriever=FixedRetriever([passage]))
    ans = a.ask("Who translated the article?")
    assert "Übersetzung: Andreas Bredenfeld" in str(llm.prompts[-1][1].content)
    assert not ans.abstained and "Übersetzung: Andreas Bredenfeld" in source_html(ans, 1, None)  # verifiable
    a.ask("Wie steht Baku zu Moskau?")
    assert "Übersetzung:" not in str(llm.prompts[-1][1].content)  # 12 tokens no other question needs


def test_partly_unsupported_answer_is_marked(make_assistant):
    reply = "Nordkorea schickte zunächst 11.000 Soldaten [1]. Davon starben 9.000 in Kursk [1]."
    ans = make_assistant(ScriptedLLM([reply])).ask("Wie viele Soldaten schickte Nordkorea nach Russland?")
    assert not ans.abstained and ans.text.endswith("(nicht belegt)")
    assert [s.supported for s in ans.sentences] == [True, False]
    assert not ans.citations[0].supported


def test_stream_yields_tokens_then_answer(make_assistant):
    a = make_assistant(ScriptedLLM(["Nordkorea schickte zunächst 11.000 Soldaten [1]."]))
    events = list(a.stream("Wie viele Soldaten schickte Nordkorea?"))
    assert all(isinstance(e, str) for e in events[:-1]) and len(events) > 3
    assert isinstance(events[-1], Answer) and events[-1].first_token_s is not None


def test_follow_up_is_rewritten_before_retrieval(make_assistant):
    llm = ScriptedLLM(["Wie viele Menschen waren beim Absturz der AZAL-Maschine an Bord?",
                       "An Bord waren 67 Menschen [1]."])
    ans = make_assistant(llm).chat([
        {"role": "user", "content": "Wie viele Menschen starben beim Absturz der AZAL-Maschine?"},
        {"role": "assistant", "content": "Es starben 38 Menschen [1]."},
        {"role": "user", "content": "Und wie viele waren an Bord?"},
    ])
    assert ans.rewritten_query == "Wie viele Menschen waren beim Absturz der AZAL-Maschine an Bord?"
    assert "Und wie viele waren an Bord?" in last_user(llm.prompts[0])
    roles = [m.role.value for m in llm.prompts[0]]  # a worked example first, outside the corpus's topics
    assert roles == ["system", "user", "assistant", "user"] and "Siemens" in (llm.prompts[0][2].content or "")
    assert not ans.abstained and "67" in ans.text and ans.citations[0].doc_id == "002_ae1e676b21058354.txt"


def test_empty_question_and_empty_corpus(make_assistant, settings, tmp_path):
    assert make_assistant().ask("   ").abstained
    settings.corpus_dir = tmp_path / "empty"
    settings.corpus_dir.mkdir()
    with pytest.raises(EmptyCorpus, match="assistant ingest"):
        make_assistant(settings=settings).ask("Wer ist Alijew?")


def test_cli_ask_json_and_text(make_assistant, monkeypatch, capsys, settings):
    a = make_assistant(ScriptedLLM(script=lambda m: "Nordkorea schickte zunächst 11.000 Soldaten [1]."))
    monkeypatch.setattr("assistant.cli._assistant", lambda s: a)
    assert main(["ask", "--json", "Wie viele Soldaten schickte Nordkorea?"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"text", "citations", "abstained", "rewritten_query", "model", "passages"} <= set(data)
    assert set(data["citations"][0]) >= {"number", "doc_id", "title", "date", "quote", "start", "end", "supported"}
    assert main(["ask", "Wie viele Soldaten schickte Nordkorea?"]) == 0
    out = capsys.readouterr().out
    assert "Sources:" in out and "[1]" in out and "002_ae1e676b21058354.txt" in out


def test_cli_lists_closest_passages_one_line_each():
    passage = Passage(chunk_id="002::3", doc_id="002", title="T", start=0, end=40,
                      text="Erster Absatz.\n\nZweiter   Absatz.")
    out = format_answer(Answer(question="Who?", rewritten_query="Who?", text="The articles don't say.", abstained=True,
                               passages=[passage], language="en"))
    assert "  - T (date unknown) [002]: Erster Absatz. Zweiter Absatz.…" in out.splitlines()


def test_without_an_answer_each_closest_passage_is_shown_from_its_sentence_on_the_question():
    text = ("Der Gemeinderat tagte bis spät in die Nacht. Die Brückensanierung in Kempten kostet 4,2 Millionen Euro. "
            "Sie beginnt im Mai.")
    other = "Das Freibad öffnet im Juni. Der Eintritt bleibt gleich."
    passages = [Passage(chunk_id="k::1", doc_id="k", title="K", start=0, end=len(text), text=text),
                Passage(chunk_id="f::1", doc_id="f", title="F", start=0, end=len(other), text=other)]
    question = "Was kostet die Brückensanierung in Kempten?"
    answer = Answer(question=question, rewritten_query=question, text="Dazu enthalten die Artikel keine Angaben.",
                    abstained=True, passages=passages, language="de")
    lines = format_answer(answer).splitlines()
    assert "  - K (date unknown) [k]: … Die Brückensanierung in Kempten kostet 4,2 Millionen Euro. Sie beginnt im " \
           "Mai.…" in lines
    assert "  - F (date unknown) [f]: Das Freibad öffnet im Juni. Der Eintritt bleibt gleich.…" in lines  # no term
    html = source_html(answer, None, None)
    assert "… Die Brückensanierung in Kempten kostet" in html and "Gemeinderat" not in html


def test_without_an_answer_the_user_is_told_why():
    def answer(reason):
        return Answer(question="Wann öffnet das Freibad?", rewritten_query="Wann öffnet das Freibad?",
                      text="Dazu enthalten die Artikel keine Angaben.", abstained=True, abstain_reason=reason,
                      language="de")

    refused = answer("nothing the model said is supported by the passages")
    assert "(why: nothing the model said is supported by the passages)" in format_answer(refused).splitlines()
    assert "ließ sich in den Passagen nicht belegen" in source_html(refused, None, None)
    assert "could not be verified" in source_html(refused, None, None, lang="en")
    assert "fand darin keine Antwort" in source_html(answer("the model found no answer in the passages"), None, None)
    weak = source_html(answer("no passage matches the question"), None, None)
    assert "Keine Passage passt zur Frage." in weak and "belegen" not in weak
    assert "(why:" not in format_answer(answer(None))


def test_cli_shows_errors_with_fix(monkeypatch, capsys, settings):
    monkeypatch.setenv("ASSISTANT_LLM", "ollama")
    monkeypatch.setenv("OLLAMA_HOST", "http://127.0.0.1:9")
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(settings.index_dir))
    from assistant import cli

    monkeypatch.setattr(cli, "_assistant", lambda s: __import__("assistant").Assistant(s, embedder=_fake()))
    assert main(["ask", "Wer ist Alijew?"]) == 2
    assert "ollama serve" in capsys.readouterr().err


def _fake():
    from .conftest import FakeEmbedder

    return FakeEmbedder()


class FixedRetriever:
    def __init__(self, passages: list[Passage]) -> None:
        self.passages = passages

    def retrieve(self, query: str, top_k: int) -> list[Passage]:
        return self.passages[:top_k]


CRASH = [  # two articles blaming the crash on different causes, and a second passage of the first one
    Passage(chunk_id="004::2", doc_id="004", title="Spiegelstrategie", start=0, end=80, dense_score=0.9,
            text="Baku machte russische elektronische Störsysteme verantwortlich – 38 Menschen starben."),
    Passage(chunk_id="002::12", doc_id="002", title="Aserbaidschan und Russland", start=0, end=120, dense_score=0.895,
            text="Nach Angaben der Behörden wurde das Flugzeug von der russischen Luftabwehr beschossen."),
    Passage(chunk_id="004::3", doc_id="004", title="Spiegelstrategie", start=80, end=150, dense_score=0.8,
            text="Moskau sprach hingegen von einem tragischen Unfall."),
]
# the first passage as an article tells it, the crash named where its toll is (what "how many" needs: focus_share)
CRASH_SCENE = CRASH[0].model_copy(update={"text": "Baku machte russische elektronische Störsysteme für den Absturz des "
                                          "Flugzeugs verantwortlich – 38 Menschen starben."})


def by_passage(answers: dict[str, str]):
    """A model that answers from whichever passages its prompt holds (and cites them as numbered there)."""
    def script(messages):
        prompt = last_user(messages)
        return " ".join(reply for key, reply in answers.items() if key in prompt) or "Dazu enthalten die Artikel " \
            "keine Angaben."
    return script


def test_each_article_is_asked_on_its_own_and_disagreement_is_said(make_assistant, settings):
    whole_passages(settings)
    llm = ScriptedLLM(script=by_passage({"Störsysteme": "Baku machte elektronische Störsysteme verantwortlich [1].",
                                         "Luftabwehr": "Das Flugzeug wurde von der Luftabwehr beschossen [1]."}))
    events = list(make_assistant(llm, retriever=FixedRetriever(CRASH)).stream("Was war die Ursache des Absturzes?"))
    ans, streamed = events[-1], "".join(e for e in events if isinstance(e, str))
    assert isinstance(ans, Answer)
    prompts = [last_user(p) for p in llm.prompts]
    assert len(prompts) == 2  # one per article, each numbering its passages from [1] in the article's order
    assert prompts[0].index("[1] Spiegelstrategie") < prompts[0].index("[2] Spiegelstrategie")
    assert "Aserbaidschan und Russland" not in prompts[0] and "[2]" not in prompts[1]
    assert "[1] Aserbaidschan und Russland" in prompts[1] and "Spiegelstrategie" not in prompts[1]
    # the second prompt's [1] is the answer's passage 2, in the streamed text as in the answer
    assert streamed.endswith("Das Flugzeug wurde von der Luftabwehr beschossen [2].")
    assert ans.text == ("Die Artikel berichten dazu Unterschiedliches: Baku machte elektronische Störsysteme "
                        "verantwortlich [1]. Das Flugzeug wurde von der Luftabwehr beschossen [2].")
    assert {c.doc_id for c in ans.citations} == {"002", "004"} and all(c.supported for c in ans.citations)


def test_a_prompt_shows_articles_in_rank_order_and_each_articles_passages_in_its_own_order():
    passages = [*CRASH, CRASH[0].model_copy(update={"chunk_id": "004::1", "start": 40})]
    assert prompt_order(passages, [1, 2, 3, 4]) == [1, 4, 3, 2]
    assert prompt_order(passages, [2, 3]) == [2, 3]


def test_markers_are_renumbered_to_the_answers_passages_also_while_streaming():
    numbers = [4, 2, 7]
    assert renumber("A [1]. B [2, 3]. C [3;1].", numbers) == "A [4]. B [2, 7]. C [7;4]."
    assert renumber("D [4]. Jahr [1999 …", numbers) == "D [0]. Jahr [1999 …"  # [4] was not shown: no passage
    chunks = ["Der Satz [", "2", "]. Zwei", " [3", ", 1]", ". Offen ["]
    assert "".join(renumbered(chunks, numbers)) == "Der Satz [2]. Zwei [7, 4]. Offen ["
    assert list(renumbered(["kein Marker"], numbers)) == ["kein Marker"]


def test_a_marker_the_prompt_did_not_show_is_removed_unless_the_prompt_shows_one_passage(make_assistant, settings):
    whole_passages(settings)
    spiegel = [CRASH[0], CRASH[2]]  # two passages of one article: one prompt, [1] and [2]
    llm = ScriptedLLM(script=lambda m: "Baku machte elektronische Störsysteme verantwortlich [3].")
    ans = make_assistant(llm, retriever=FixedRetriever(spiegel)).ask("Was war die Ursache des Absturzes?")
    assert ans.removed_markers == [0]  # removed; the check then finds the passage that says it
    assert [(c.number, c.supported) for c in ans.citations] == [(1, True)]
    llm = ScriptedLLM(script=lambda m: "Baku machte elektronische Störsysteme verantwortlich [2].")
    ans = make_assistant(llm, retriever=FixedRetriever(CRASH[:1])).ask("Was war die Ursache des Absturzes?")
    assert not ans.removed_markers and [c.number for c in ans.citations] == [1] and ans.citations[0].supported


def test_one_prompt_over_the_evidence_still_says_when_articles_disagree(make_assistant, settings):
    settings.generation.per_source, settings.generation.evidence_tokens = False, 180
    def script(messages):  # cites each article by the number the prompt gives it
        user = last_user(messages)
        a, b = (re.search(rf"\[(\d)\] {title}", user).group(1) for title in ("Spiegelstrategie", "Aserbaidschan und"))
        return (f"Baku machte elektronische Störsysteme verantwortlich [{a}]. Das Flugzeug wurde von der Luftabwehr "
                f"beschossen [{b}].")

    llm = ScriptedLLM(script=script)
    ans = make_assistant(llm, retriever=FixedRetriever(CRASH)).ask("Was war die Ursache des Absturzes?")
    assert len(llm.prompts) == 1 and "Störsysteme" in last_user(llm.prompts[0])
    assert ans.sources_differ and ans.text.startswith("Die Artikel berichten dazu Unterschiedliches:")
    assert {c.doc_id for c in ans.citations} == {"002", "004"} and all(c.supported for c in ans.citations)


def test_evidence_of_withheld_sentences_only_is_an_abstention_without_the_model(make_assistant, settings):
    settings.generation.per_source, settings.generation.evidence_tokens = False, 180
    blank = CRASH[0].model_copy(update={"text": "\u2002" * 40})  # a withheld sentence: blanks of the same length
    llm = ScriptedLLM([])
    ans = make_assistant(llm, retriever=FixedRetriever([blank])).ask("Was war die Ursache des Absturzes?")
    assert ans.abstained and ans.abstain_reason == "no passage matches the question" and llm.prompts == []


def test_articles_that_agree_or_do_not_answer_are_not_called_different(make_assistant, settings):
    whole_passages(settings)
    same = "38 Menschen starben beim Absturz [{}]."
    passages = [CRASH_SCENE, CRASH[1].model_copy(update={"text": "Beim Absturz starben 38 Menschen."})]
    llm = ScriptedLLM(script=by_passage({"Störsysteme": same.format(1), "starben 38": same.format(1)}))
    ans = make_assistant(llm, retriever=FixedRetriever(passages)).ask("Wie viele starben beim Absturz?")
    assert not ans.sources_differ and ans.text == "38 Menschen starben beim Absturz [1][2]."  # said once
    llm = ScriptedLLM(script=by_passage({"Störsysteme": "Baku machte Störsysteme verantwortlich [1]."}))
    ans = make_assistant(llm, retriever=FixedRetriever(CRASH)).ask("Was war die Ursache des Absturzes?")
    assert not ans.sources_differ and ans.text == "Baku machte Störsysteme verantwortlich [1]."  # no abstention text
    assert [c.doc_id for c in ans.citations] == ["004"]


def test_articles_that_add_to_each_other_or_name_the_same_amount_do_not_disagree(make_assistant, settings):
    whole_passages(settings)
    passages = [CRASH[0], CRASH[1].model_copy(update={"text": "Baku sagte Kulturveranstaltungen ab."})]
    llm = ScriptedLLM(script=by_passage({"Störsysteme": "Baku machte elektronische Störsysteme verantwortlich [1].",
                                         "Kulturveranstaltungen": "Baku sagte Kulturveranstaltungen ab [2]."}))
    ans = make_assistant(llm, retriever=FixedRetriever(passages)).ask("Wie reagierte Baku auf den Absturz?")
    assert not ans.sources_differ and len(ans.citations) == 2  # two measures, both reported, no disagreement

    def amounts(second: str):
        other = CRASH[1].model_copy(update={"text": f"Beim Absturz des Flugzeugs starben {second} Menschen."})
        return make_assistant(ScriptedLLM(script=by_passage({
            "Störsysteme": "Beim Absturz starben 38 Menschen [1].",
            f"starben {second}": f"Beim Absturz des Flugzeugs starben {second} Menschen [2]."})),
            retriever=FixedRetriever([CRASH_SCENE, other])).ask("Wie viele Menschen starben beim Absturz des Flugzeugs?")
    assert amounts("39").sources_differ and amounts("39").text.startswith("Die Artikel berichten dazu Unterschied")
    assert not amounts("38").sources_differ  # the second article words it differently, the amount is the same


def test_a_part_given_as_the_whole_is_corrected_and_is_no_disagreement(make_assistant, settings):
    whole_passages(settings)
    passages = [CRASH[1].model_copy(update={"text": "Das Flugzeug stürzte ab, 38 der 67 Menschen an Bord kamen ums "
                                                    "Leben."}),
                CRASH[0].model_copy(update={"text": "Baku machte Störsysteme verantwortlich – 38 Menschen starben."})]
    llm = ScriptedLLM(script=by_passage({"38 der 67": "38 Menschen waren an Bord [1].",
                                         "Störsysteme": "38 Menschen starben [1]."}))
    ans = make_assistant(llm, retriever=FixedRetriever(passages)).ask("Wie viele Menschen waren an Bord?")
    assert ans.raw_text == "38 Menschen waren an Bord [1].\n\n38 Menschen starben [2]."
    # "38 Menschen starben" does not answer how many were on board (the check's focus): that part is left out
    assert ans.text == "67 Menschen waren an Bord [1]."
    assert not ans.sources_differ and not ans.abstained and all(c.supported for c in ans.citations)
    assert ans.sentences[0].written == "38 Menschen waren an Bord."
    # the user is told what the check changed, in the CLI and next to the cited passage in the UI
    assert "\"38 Menschen waren an Bord.\" -> \"67 Menschen waren an Bord.\"" in format_answer(ans)
    assert "das Modell schrieb „38 Menschen waren an Bord.“" in source_html(ans, 1, None)
    assert "Modell schrieb" not in source_html(ans, 2, None)


def test_one_differing_term_is_a_disagreement_a_longer_name_is_not(make_assistant):
    llm = ScriptedLLM(script=by_passage({
        "Störsysteme": "Baku machte russische elektronische Störsysteme verantwortlich [1].",
        "Luftabwehr": "Die Ursache des Absturzes war die russische Luftabwehr [1]."}))
    ans = make_assistant(llm, retriever=FixedRetriever(CRASH)).ask("Was war die Ursache des Absturzes?")
    assert ans.sources_differ  # "Luftabwehr" is its only term beyond the question, and article 004 lacks it
    named = [CRASH[0].model_copy(update={"text": "Präsident Alijew sprach von einem Abschuss."}),
             CRASH[1].model_copy(update={"text": "Präsident Ilham Alijew sprach von einem Abschuss."})]
    llm = ScriptedLLM(script=by_passage({"Präsident Alijew": "Präsident Alijew sprach von einem Abschuss [1].",
                                         "Ilham": "Präsident Ilham Alijew sprach von einem Abschuss [1]."}))
    ans = make_assistant(llm, retriever=FixedRetriever(named)).ask("Wer sprach von einem Abschuss?")
    assert not ans.sources_differ and len(ans.citations) == 2


def test_cause_questions_get_a_reading_hint_and_a_wider_margin(make_assistant, settings):
    whole_passages(settings)
    near = [CRASH[0], CRASH[1].model_copy(update={"dense_score": 0.88})]  # between source_margin and contested_margin
    script = by_passage({"Störsysteme": "Baku machte Störsysteme verantwortlich [1].",
                         "Luftabwehr": "Das Flugzeug wurde von der Luftabwehr beschossen [2]."})
    llm = ScriptedLLM(script=script)
    make_assistant(llm, retriever=FixedRetriever(near)).ask("Was war die Ursache des Absturzes?")
    assert len(llm.prompts) == 2 and all(CAUSE_HINT in last_user(p) for p in llm.prompts)
    llm = ScriptedLLM(script=script)
    make_assistant(llm, retriever=FixedRetriever(near)).ask("Warum kam Baku zu diesem Schluss?")
    assert len(llm.prompts) == 1 and CAUSE_HINT not in last_user(llm.prompts[0])  # "Warum" asks for reasons too


def test_counts_differ_between_reports_so_how_many_questions_ask_every_close_article(make_assistant, settings):
    whole_passages(settings)
    ferry = [Passage(chunk_id="a::1", doc_id="a", title="Fähre rammt Kaimauer", start=0, end=90, dense_score=0.9,
                     text="Beim Fährunglück in Lindau wurden nach Angaben der Polizei zwölf Menschen verletzt."),
             Passage(chunk_id="b::4", doc_id="b", title="Unglück am Hafen", start=0, end=90, dense_score=0.88,
                     text="Beim Fährunglück in Lindau wurden nach Angaben der Rettungskräfte 17 Menschen verletzt.")]
    script = by_passage({"zwölf": "Beim Fährunglück wurden zwölf Menschen verletzt [1].",
                         "17 Menschen": "Beim Fährunglück wurden 17 Menschen verletzt [1]."})
    llm = ScriptedLLM(script=script)
    ans = make_assistant(llm, retriever=FixedRetriever(ferry)).ask("Wie viele Menschen wurden beim Fährunglück "
                                                                   "in Lindau verletzt?")
    assert len(llm.prompts) == 2 and ans.sources_differ and "zwölf" in ans.text and "17" in ans.text
    llm = ScriptedLLM(script=script)
    make_assistant(llm, retriever=FixedRetriever(ferry)).ask("Wo rammte die Fähre die Kaimauer?")
    assert len(llm.prompts) == 1  # the second article is further than source_margin


def test_for_a_cause_question_every_close_article_survives_the_budget(make_assistant, settings):
    whole_passages(settings)
    settings.generation.context_tokens = 200  # room for two of these passages, not three
    pad = " Dazu gab es weitere Einzelheiten, die hier nicht wichtig sind und nur Platz brauchen." * 2
    ranked = [CRASH[0].model_copy(update={"text": CRASH[0].text + pad}),
              CRASH[2].model_copy(update={"text": CRASH[2].text + pad, "dense_score": 0.89}),
              CRASH[1].model_copy(update={"text": CRASH[1].text + pad, "dense_score": 0.88})]
    script = by_passage({"Störsysteme": "Baku machte Störsysteme verantwortlich [1].",
                         "Luftabwehr": "Das Flugzeug wurde von der Luftabwehr beschossen [2]."})
    ans = make_assistant(ScriptedLLM(script=script), settings=settings,
                         retriever=FixedRetriever(ranked)).ask("Was war die Ursache des Absturzes?")
    assert [p.chunk_id for p in ans.passages] == ["004::2", "002::12"] and ans.sources_differ
    ans = make_assistant(ScriptedLLM(script=script), settings=settings,
                         retriever=FixedRetriever(ranked)).ask("Wie reagierte Moskau auf den Absturz?")
    assert [p.chunk_id for p in ans.passages] == ["004::2", "004::3"]  # other questions keep the rank order


def test_one_prompt_for_all_articles_when_per_source_is_off(make_assistant, settings):
    settings.generation.per_source = False
    llm = ScriptedLLM(script=lambda m: "Baku machte Störsysteme verantwortlich [1].")
    make_assistant(llm, settings=settings, retriever=FixedRetriever(CRASH)).ask("Was war die Ursache des Absturzes?")
    (prompt,) = [last_user(p) for p in llm.prompts]
    assert prompt.index("[1] Spiegelstrategie") < prompt.index("[2] Spiegelstrategie") < prompt.index("[3] Aserb")


def test_an_article_much_less_similar_to_the_question_is_not_asked(make_assistant, settings):
    whole_passages(settings)
    far = [CRASH[0], CRASH[1].model_copy(update={"dense_score": 0.85})]  # more than source_margin below 0.9
    llm = ScriptedLLM(script=by_passage({"Störsysteme": "Baku machte Störsysteme verantwortlich [1].",
                                         "Luftabwehr": "Das Flugzeug wurde von der Luftabwehr beschossen [2]."}))
    ans = make_assistant(llm, retriever=FixedRetriever(far)).ask("Was war die Ursache des Absturzes?")
    assert len(llm.prompts) == 1 and ans.text == "Baku machte Störsysteme verantwortlich [1]."


def test_a_question_in_another_language_is_judged_by_meaning_with_a_lower_bar(make_assistant, settings):
    whole_passages(settings)
    flat = Passage(chunk_id="u::3", doc_id="u", title="Urteil", start=0, end=60, dense_score=0.77,
                   text="Die Familie lebt seit 2011 in der Wohnung und zahlt eine Kaltmiete von 870 Euro.")
    llm = ScriptedLLM(script=lambda m: "The family has lived in the flat since 2011 [1].")
    ans = make_assistant(llm, retriever=FixedRetriever([flat])).ask("Since when has the family lived in the flat?")
    assert len(llm.prompts) == 1  # 0.77: below min_dense_score, not below it less the cross-language offset
    far = flat.model_copy(update={"dense_score": 0.74})
    llm = ScriptedLLM([])
    ans = make_assistant(llm, retriever=FixedRetriever([far])).ask("Since when has the family lived in the flat?")
    assert ans.abstained and ans.abstain_reason == "no passage matches the question" and llm.prompts == []
    # within one language the keywords still count: a German question sharing its words passes at 0.74
    llm = ScriptedLLM(script=lambda m: "Die Familie lebt seit 2011 in der Wohnung [1].")
    make_assistant(llm, retriever=FixedRetriever([far])).ask("Seit wann lebt die Familie in der Wohnung?")
    assert len(llm.prompts) == 1


def test_warm_up_opens_the_index_in_the_background_and_leaves_a_failure_to_the_first_question(make_assistant,
                                                                                              settings):
    from assistant.errors import OllamaUnavailable

    a = make_assistant(ScriptedLLM(script=lambda m: "Nordkorea schickte zunächst 11.000 Soldaten [1]."))
    a.warm_up().join(timeout=120)
    assert a._store is not None and a._store.count() > 0  # the empty index was ingested
    assert a.retriever._keyword is not None  # and its keyword index built, before any question
    assert not a.ask("Wie viele Soldaten schickte Nordkorea zunächst nach Russland?").abstained

    down = settings.model_copy(update={"llm": "ollama", "ollama_host": "http://127.0.0.1:9"})
    b = make_assistant(settings=down)
    b._llm = None  # the model comes from the settings: an Ollama that does not answer
    thread = b.warm_up()
    thread.join(timeout=120)
    assert not thread.is_alive()  # the warm-up ended without raising
    with pytest.raises(OllamaUnavailable, match="ollama serve"):
        b.ask("Wie viele Soldaten schickte Nordkorea zunächst nach Russland?")
