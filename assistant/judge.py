"""Whether a passage sentence answers the question, asked of the answering model itself: its yes/no as log-odds.

The citation check's focus test is lexical: for a "how many" / "when" question, the number an answer gives must stand
where the passage repeats most of the question's words. Articles often leave the topic implicit ("Die höchste
Windgeschwindigkeit … gemessen: 156 Kilometer pro Stunde." in an article about storm Xenia), and the test refused
such answers; where it does, the model is asked whether the sentence holding the number answers the question.
"""

from __future__ import annotations

import math
from collections import OrderedDict

from llama_index.core.base.llms.types import ChatMessage, MessageRole
from llama_index.core.llms import LLM

from .llm import EmbeddedLLM, first_token_logprobs, stream_chat
from .support import Judge

__all__ = ["JUDGE_SYSTEM", "Judge", "LLMJudge", "judge_messages", "yes_log_odds"]

WRITTEN = 3.0  # the log-odds a written Yes stands for (No: -3)
JUDGE_SYSTEM = "You check whether a sentence from a news article answers a question."


def judge_messages(question: str, sentence: str) -> list[ChatMessage]:
    user = (f"Question: {question}\nSentence from the article: {sentence}\n"
            "Does this sentence give the answer to the question? Reply Yes or No.")
    return [ChatMessage(role=MessageRole.SYSTEM, content=JUDGE_SYSTEM),
            ChatMessage(role=MessageRole.USER, content=user)]


def yes_log_odds(top: list[tuple[str, float]]) -> float | None:
    """Log-odds of "Yes" against "No" from a reply's likeliest first tokens and their log-probabilities ("Yes",
    " yes", "YES" all count); a word missing from them is taken as likely as the least likely one listed (so the
    odds are at least this clear). None when neither word is listed."""
    def total(word: str) -> float | None:
        found = [lp for token, lp in top if token.strip().lower() == word]
        return math.log(sum(math.exp(lp) for lp in found)) if found else None

    yes, no = total("yes"), total("no")
    if yes is None and no is None:
        return None
    floor = min(lp for _, lp in top)
    return (floor if yes is None else yes) - (floor if no is None else no)


class LLMJudge:
    """A ``Judge``: the model's log-odds of "Yes" against "No" for its first token, from the embedded model's logits
    or a server's top log-probabilities (``llm.first_token_logprobs``). Where there are none (an older Ollama, a
    server that refuses them, a GGUF file without a chat template) its written answer counts +3 (yes) or -3: a
    written verdict counts as a clear one (``check.judge_refuse``). Answers are kept for the last ``keep`` pairs: the
    check asks again for each passage."""

    def __init__(self, llm: LLM, keep: int = 1024) -> None:
        if keep < 1:
            raise ValueError(f"keep must be at least 1, got {keep}")
        self.llm, self.keep = llm, keep
        self._seen: OrderedDict[tuple[str, str], float] = OrderedDict()
        self._logprobs = True  # until a server returns none: then it is not asked for them again

    def __call__(self, question: str, sentence: str) -> float:
        key = (question, sentence)
        if key not in self._seen:
            self._seen[key] = self.score(judge_messages(question, sentence))
            if len(self._seen) > self.keep:
                self._seen.popitem(last=False)
        return self._seen[key]

    def score(self, messages: list[ChatMessage]) -> float:
        odds = None
        if isinstance(self.llm, EmbeddedLLM):
            odds = self.llm.yes_log_odds(messages)
        elif self._logprobs:
            top = first_token_logprobs(self.llm, messages)
            self._logprobs = top is not None
            odds = yes_log_odds(top) if top else None
        if odds is not None:
            return odds
        reply = "".join(stream_chat(self.llm, messages, max_tokens=3)).strip().lower()
        return WRITTEN if reply.startswith(("yes", "ja")) else -WRITTEN
