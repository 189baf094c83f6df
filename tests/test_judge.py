"""The judge (assistant/judge.py): the model's yes/no to "does this sentence answer the question?"."""

import math

import pytest

from assistant.judge import JUDGE_SYSTEM, LLMJudge, yes_log_odds

from .conftest import ScriptedLLM


def judging(settings):
    """The tests' settings with the judge on (conftest turns it off for scripted LLMs)."""
    return settings.model_copy(update={"check": settings.check.model_copy(update={"judge": True})})


def test_a_written_yes_or_no_is_plus_or_minus_three_and_asked_once():
    llm = ScriptedLLM(script=lambda m: "Yes." if "39,4" in (m[-1].content or "") else "No")
    judge = LLMJudge(llm)
    assert judge("Wie heiß wurde es?", "Es wurden 39,4 Grad gemessen.") == 3.0
    assert judge("Wie heiß wurde es?", "Die Feuerwehr rückte aus.") == -3.0  # a clear no (check.judge_refuse)
    assert judge("Wie heiß wurde es?", "Es wurden 39,4 Grad gemessen.") == 3.0
    assert len(llm.prompts) == 2 and llm.prompts[0][0].content == JUDGE_SYSTEM


def test_log_odds_from_a_servers_likeliest_first_tokens():
    top = [("Yes", math.log(0.6)), ("No", math.log(0.2)), (" no", math.log(0.1)), ("The", math.log(0.05))]
    assert yes_log_odds(top) == pytest.approx(math.log(0.6 / 0.3))  # every form of a word counts
    assert yes_log_odds([("Yes", -0.1), ("The", -5.0)]) == pytest.approx(4.9)  # "No" at most as likely as "The"
    assert yes_log_odds([("NO", -0.2), ("Let", -4.0)]) == pytest.approx(-3.8)
    assert yes_log_odds([("The", -0.1), ("Let", -3.0)]) is None  # neither: the written reply decides


def test_keep_must_be_positive():
    with pytest.raises(ValueError, match="got 0"):
        LLMJudge(ScriptedLLM(), keep=0)


def asking(make_assistant, settings, reply: str, question: str, asked: list[str]):
    """ask(verdict): the answer's text when the scripted model replies ``reply`` and the judge says ``verdict``;
    the sentences put to the judge go into ``asked``."""
    s = judging(settings)

    def ask(verdict: float) -> str:
        def judge(q: str, sentence: str) -> float:
            asked.append(sentence)
            return verdict

        return make_assistant(ScriptedLLM(script=lambda m: reply), settings=s, judge=judge).ask(question).text

    return ask


def test_the_assistant_asks_its_judge_where_the_focus_words_fail(make_assistant, settings, corpus_dir):
    (corpus_dir / "hitze.txt").write_text(
        "Hitzewelle im Landkreis\n\nDie Hitzewelle im Juli hat den Landkreis schwer getroffen. Die Feuerwehr rückte "
        "zu Waldbränden aus. Die höchste Temperatur maß die Station am Flughafen: 39,4 Grad.\n", encoding="utf-8")
    asked: list[str] = []
    ask = asking(make_assistant, settings, "Die höchste Temperatur maß die Station am Flughafen: 39,4 Grad [1].",
                 "Wie hoch war die höchste gemessene Temperatur während der Hitzewelle im Juli?", asked)
    assert "39,4 Grad" in ask(1.0)
    assert "Die höchste Temperatur maß die Station am Flughafen: 39,4 Grad." in asked
    assert "39,4" not in ask(-1.0)  # refused: the sentence does not say what was asked, by words or by the judge
    assert make_assistant(ScriptedLLM(["-"])).judge is None  # check.judge is off in the tests' settings


def test_a_sentence_quoted_for_its_words_must_be_judged_answering(make_assistant, settings, corpus_dir):
    (corpus_dir / "brand.txt").write_text(
        "Großbrand in Kirchau\n\nZwei Tage nach dem Großbrand ist die Halle der Firma Meier in Kirchau nur noch eine "
        "Ruine. Die Polizei ermittelt.\n", encoding="utf-8")
    question = "Wann wurde die Halle der Firma Meier in Kirchau gebaut?"
    reply = "Die Halle wurde 1998 gebaut [1]."  # 1998: in no passage
    ask = asking(make_assistant, settings, reply, question, [])
    assert ask(-2.0) == "Dazu enthalten die Artikel keine Angaben."  # "Zwei Tage nach dem Großbrand" is no answer
    without = make_assistant(ScriptedLLM(script=lambda m: reply), settings=settings)
    assert "Zwei Tage nach dem Großbrand" in without.ask(question).text  # the words alone quote it
    assert "Zwei Tage nach dem Großbrand" in ask(2.0)


def test_an_answer_sharing_little_of_the_question_abstains_on_a_clear_no(make_assistant, settings, corpus_dir):
    (corpus_dir / "rat.txt").write_text(
        "Stadtrat Kirchau\n\nDer Stadtrat von Kirchau hat am Montag den Haushalt beschlossen. Bürgermeisterin Eva "
        "Lenz lobte die Einigung. Die Opposition stimmte dagegen.\n", encoding="utf-8")
    question = "Wer hat die Sitzung des Stadtrats von Kirchau geleitet?"
    asked: list[str] = []
    ask = asking(make_assistant, settings, "Die Opposition stimmte dagegen [1].", question, asked)
    assert ask(-3.0) == "Dazu enthalten die Artikel keine Angaben."
    assert asked == ["Die Opposition stimmte dagegen."]
    assert "Die Opposition stimmte dagegen" in ask(-1.0)  # not a clear no (check.judge_refuse): it stands


def test_a_failed_answer_to_who_what_where_is_the_passage_sentence_in_the_questions_words(make_assistant, settings,
                                                                                           corpus_dir):
    (corpus_dir / "museum.txt").write_text(
        "Museum in Kirchau\n\nDas Stadtmuseum von Kirchau schloss im Winter. Im Frühjahr zog das Stadtmuseum von "
        "Kirchau nach Kassel um. Der Umzug kostete wenig.\n", encoding="utf-8")
    reply = "Das Stadtmuseum zog nach Berlin um [1]."  # Berlin: in no passage
    asked: list[str] = []
    ask = asking(make_assistant, settings, reply, "Wohin zog das Stadtmuseum von Kirchau im Frühjahr um?", asked)
    assert ask(1.0).startswith("Im Frühjahr zog das Stadtmuseum von Kirchau nach Kassel um [")
    assert "Im Frühjahr zog das Stadtmuseum von Kirchau nach Kassel um." in asked
    assert ask(-1.0) == "Dazu enthalten die Artikel keine Angaben."  # the judge must find that it answers
    why = asking(make_assistant, settings, reply, "Warum zog das Stadtmuseum von Kirchau im Frühjahr um?", [])
    assert why(1.0) == "Dazu enthalten die Artikel keine Angaben."  # the sentence tells what happened, not why
