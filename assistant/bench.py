"""``assistant bench``: how long users wait, and how cost grows with the corpus; each figure next to the plain
llama-index pipeline (``VectorStoreIndex`` + ``as_query_engine()``, same embedder and LLM) measured in the same run.

Figures are median and p95 over ``runs`` runs after one warm-up (ingest of 1,000 documents and the 100,000-chunk
store are built once: their build figures are single runs). Processes whose start-up or memory is measured run as
child processes (``python -m assistant.bench child ...``).
"""

from __future__ import annotations

import json
import os
import platform
import random
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from statistics import median
from typing import Any

import numpy as np

from .settings import Settings

QUESTIONS = [
    "Wie viele Soldaten hatte Nordkorea zunächst nach Russland entsandt?",
    "Wo trafen sich Putin und Pezeshkian zum ersten Mal?",
    "Welches Unternehmen stellt das Luftabwehrsystem Barak MX her?",
    "Wie nennt der Gastkommentar den neuen Modus der aserbaidschanischen Außenpolitik?",
    "How many people died in the crash of the Azerbaijan Airlines plane?",
    "Wann unterzeichneten Russland und der Iran einen Vertrag über eine umfassende strategische Partnerschaft?",
    "Wer hat den Artikel aus dem Englischen übersetzt?",
    "In welchem Jahr schloss die Türkei ihre Grenze zu Armenien?",
]
# asked once before the timed questions (the model loads): not one of them, or its prompt's saved state would
# answer that question at once
WARM_UP = "Worüber berichten die Artikel?"


def stats(values: list[float]) -> dict[str, float]:
    from .evals.metrics import percentile

    return {"median": round(median(values), 4), "p95": round(percentile(values, 0.95), 4), "runs": len(values)}


def timed(fn: Callable[[], Any], runs: int, warmup: int = 1) -> list[float]:
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def child(*args: str) -> tuple[dict[str, Any], float]:
    """Run ``python -m assistant.bench child ARGS``: its JSON output and the process's wall seconds."""
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "assistant.bench", "child", *args], stdout=subprocess.PIPE,
                          text=True, check=False)
    wall = time.perf_counter() - started
    if proc.returncode:
        raise RuntimeError(f"bench child {args} failed with exit code {proc.returncode}")
    return json.loads(proc.stdout.strip().splitlines()[-1]), wall


def per_question(fn: Callable[[str], Any], runs: int) -> list[float]:
    """Milliseconds of ``fn(question)`` for every bench question, ``runs`` times each after a warm-up."""
    out: list[float] = []
    for q in QUESTIONS:
        out += [t * 1000 for t in timed(lambda q=q: fn(q), runs)]  # type: ignore[misc]
    return out


def _peak_mib() -> float:
    """Peak resident memory of this process. VmHWM, not ru_maxrss: ru_maxrss survives exec and would report
    the parent's peak (the bench process holds the LLM)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run_child(argv: list[str]) -> None:
    """The measured side of ``child``: one job, its result as one JSON line."""
    job, *rest = argv
    t0 = time.perf_counter()
    corpus, index, pipeline = Path(rest[0]), Path(rest[1]), rest[2]
    settings = Settings(corpus_dir=corpus, index_dir=index, llm="embedded")
    if job == "ready":  # process start until a question can be answered: index open, retriever and LLM loaded
        if pipeline == "assistant":  # started as `assistant ask` starts: the weights load during the imports
            from . import preload

            preload.start(settings)
        from .core import Assistant
        from .llm import EmbeddedLLM

        if pipeline == "assistant":
            a = Assistant(settings, auto_ingest=False)
            a.retriever.retrieve("Nordkorea Soldaten", settings.top_k)
            llm = a.llm
        else:
            from .embeddings import make_embedder
            from .llm import make_llm
            from .store import ChunkStore

            embedder = make_embedder(settings)
            store = ChunkStore(settings, embedder.model_name, 384)
            llm = make_llm(settings)
            from .evals.pipelines import plain_query_engine

            engine = plain_query_engine(store, embedder, llm, settings.top_k)
            engine.retriever.retrieve("Nordkorea Soldaten")  # the query engine's own retriever
        if isinstance(llm, EmbeddedLLM):
            llm.load()
        print(json.dumps({"ready_s": time.perf_counter() - t0}))
        return
    if job == "load":  # the model's weights alone, in a new process (the answers before assembled the file)
        from .preload import load_llama, model_key

        t0 = time.perf_counter()
        llama = load_llama(*model_key(settings))
        load_s = time.perf_counter() - t0
        speed = prompt_speed(llama, corpus_sentences(corpus))  # the first answer's limit, measured beside it
        print(json.dumps({"model_load_s": load_s, "prompt_tokens_per_s": speed}))
        return
    if job == "first":  # a new process's first answer, started as `assistant ask` starts (cli._assistant)
        from . import preload

        preload.start(settings)
        from .core import Assistant
        from .types import Answer

        a = Assistant(settings, auto_ingest=False)
        a.warm_up()
        first_at, answer = None, None
        for event in a.stream(QUESTIONS[0]):
            if isinstance(event, Answer):
                answer = event
            elif first_at is None:
                first_at = time.time()  # wall clock: the parent subtracts the moment it started this process
        print(json.dumps({"first_token_at": first_at,
                          "first_prompt_tokens": answer.first_prompt_tokens if answer else None}))
        return
    if job == "ingest":
        from .embeddings import make_embedder

        embedder = make_embedder(settings)
        embedder.get_text_embedding("warm-up")  # the embedder's load is start-up, not ingest
        t0 = time.perf_counter()
        if pipeline == "assistant":
            from .ingest import ingest
            from .store import ChunkStore

            store = ChunkStore(settings, embedder.model_name, 384)
            chunks = sum(r.chunks for r in ingest(settings, embedder, store).results)
        else:
            from llama_index.core import SimpleDirectoryReader, StorageContext, VectorStoreIndex
            from llama_index.vector_stores.chroma import ChromaVectorStore

            from .store import make_client

            collection = make_client(settings).get_or_create_collection("plain", embedding_function=None)
            docs = SimpleDirectoryReader(str(corpus)).load_data()
            ctx = StorageContext.from_defaults(vector_store=ChromaVectorStore(chroma_collection=collection))
            VectorStoreIndex.from_documents(docs, storage_context=ctx, embed_model=embedder)
            chunks = collection.count()
        print(json.dumps({"seconds": time.perf_counter() - t0, "chunks": chunks, "peak_mib": _peak_mib()}))
        return
    raise SystemExit(f"unknown bench child job {job!r}")


def _plain_retriever(store: Any, embedder: Any, top_k: int) -> Any:
    from .evals.pipelines import plain_index

    return plain_index(store, embedder).as_retriever(similarity_top_k=top_k)


def corpus_sentences(source: Path, longer_than: int = 0) -> list[str]:
    """The sentences of the cleaned articles in ``source``, in order."""
    from .clean import load_document
    from .ingest import corpus_files
    from .text import split_sentences

    sentences = []
    for path in corpus_files(source):
        text = load_document(path).text
        sentences += [text[s:e] for s, e in split_sentences(text) if e - s > longer_than]
    return sentences


def synthetic_corpus(source: Path, target: Path, n_docs: int = 1000, sentences_per_doc: int = 8,
                     seed: int = 7) -> Path:
    """``n_docs`` documents of sentences drawn (seeded) from the corpus's cleaned articles."""
    sentences = corpus_sentences(source, longer_than=30)
    rng = random.Random(seed)
    target.mkdir(parents=True, exist_ok=True)
    for i in range(n_docs):
        body = " ".join(rng.choice(sentences) for _ in range(sentences_per_doc))
        (target / f"synthetic_{i:04d}.txt").write_text(f"Synthetischer Artikel {i}\n\n{body}\n", encoding="utf-8")
    return target


def long_pdf(source: Path, target: Path, pages: int) -> Path:
    """A folder with one PDF of ``pages`` pages of corpus sentences (fpdf2's core font: Latin-1 only)."""
    from fpdf import FPDF

    sentences = corpus_sentences(source, longer_than=40)
    pdf = FPDF()
    pdf.set_font("Helvetica", size=10)
    for n in range(pages):
        pdf.add_page()
        body = " ".join(sentences[(n * 25 + i) % len(sentences)] for i in range(25))
        pdf.multi_cell(0, 5, body.encode("latin-1", "replace").decode("latin-1"))
    target.mkdir(parents=True, exist_ok=True)
    pdf.output(str(target / "long.pdf"))
    return target


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_ready(ready: Callable[[], bool], proc: subprocess.Popen[Any], timeout_s: float, what: str) -> None:
    """Poll ``ready`` until it holds; RuntimeError when ``proc`` exits first or ``timeout_s`` passes."""
    deadline = time.monotonic() + timeout_s
    while not ready():
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not start")
        time.sleep(0.2)


def _port_open(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


@contextmanager
def chroma_server(path: Path) -> Iterator[str]:
    """A real Chroma server (``chroma run``) on 127.0.0.1 for the duration; its URL."""
    port = free_port()
    exe = Path(sys.executable).parent / "chroma"
    proc = subprocess.Popen([str(exe), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_ready(lambda: _port_open(port), proc, 30, "chroma run")
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def pair(ours: list[float], plain: list[float] | None, lower_is_better: bool = True) -> dict[str, Any]:
    row: dict[str, Any] = {"assistant": stats(ours)}
    if plain:
        row["plain"] = stats(plain)
        row["ratio"] = round(row["assistant"]["median"] / row["plain"]["median"], 3) if row["plain"]["median"] else None
    row["lower_is_better"] = lower_is_better
    return row


class Bench:
    def __init__(self, settings: Settings, work: Path, runs: int = 5, large: bool = True) -> None:
        if runs < 1:
            raise ValueError(f"runs must be at least 1, got {runs}")
        self.settings, self.work, self.runs, self.large = settings, work, runs, large
        self.figures: dict[str, Any] = {}

    def log(self, msg: str) -> None:
        print(f"[bench] {msg}", file=sys.stderr, flush=True)
        (self.work / "partial.json").write_text(json.dumps(self.figures, indent=2))  # survives a failed step

    def run(self) -> dict[str, Any]:
        shutil.rmtree(self.work, ignore_errors=True)
        self.work.mkdir(parents=True)
        index = self.work / "index"
        self.ingest_figures(self.settings.corpus_dir, index, "corpus", self.runs)
        self.start_figures(index)
        self.retrieval_figures(index, "corpus")
        self.answer_figures(index)
        self.first_answer_figures(index)
        with chroma_server(self.work / "chroma-server") as url:
            self.retrieval_figures(index, "corpus_server", chroma_url=url)
        if self.large:
            synth = synthetic_corpus(self.settings.corpus_dir, self.work / "synthetic")
            self.ingest_figures(synth, self.work / "index-1000", "1000_docs", 1)
            self.large_retrieval_figures()
            self.pdf_figures()
        return self.figures

    def start_figures(self, index: Path) -> None:
        self.log("cold start")
        code = "import time; t = time.perf_counter(); import assistant; print(time.perf_counter() - t)"
        imports = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                        check=True).stdout) for _ in range(self.runs)]
        self.figures["import_s"] = pair(imports, None)  # a fresh interpreter: `-m assistant.bench` imports it
        ours, plain = [], []
        for _ in range(self.runs):
            ours.append(child("ready", str(self.settings.corpus_dir), str(index), "assistant")[1])
            plain.append(child("ready", str(self.settings.corpus_dir), str(index), "plain")[1])
        self.figures["cold_start_s"] = pair(ours, plain)

    def first_answer_figures(self, index: Path) -> None:
        """Process start until the first token of its first answer, and that time less the model's load (in a
        process that does nothing else) as a ratio to llama.cpp's time for all the first prompt's tokens (the
        preload evaluates the system prompt while the libraries import): what the rest of start-up and the pipeline
        add to loading the model and evaluating the prompt. Each run's prompt speed is measured in the process that
        times the load, right before the answer's: a machine's speed drifts by a tenth within minutes."""
        self.log("first answer of a new process")
        firsts, loads, to_limit = [], [], []
        for _ in range(self.runs):
            alone = child("load", str(self.settings.corpus_dir), str(index), "assistant")[0]
            started = time.time()
            data, _ = child("first", str(self.settings.corpus_dir), str(index), "assistant")
            if data["first_token_at"] is None:
                continue  # abstained without asking the model (the children always use the embedded one)
            firsts.append(data["first_token_at"] - started)
            loads.append(alone["model_load_s"])  # alone: in the first answer's process it shares the CPU
            if data["first_prompt_tokens"]:
                limit = data["first_prompt_tokens"] / alone["prompt_tokens_per_s"]
                to_limit.append((firsts[-1] - loads[-1]) / limit)
        if firsts:
            self.figures["first_answer_ttft_s"] = pair(firsts, None)
            self.figures["first_answer_model_load_s"] = pair(loads, None)
        if to_limit:
            self.figures["first_answer_beyond_load_to_limit"] = pair(to_limit, None)

    def ingest_figures(self, corpus: Path, index: Path, label: str, runs: int) -> None:
        self.log(f"ingest {label}")
        rates: dict[str, list[float]] = {"assistant": [], "plain": []}
        secs: dict[str, list[float]] = {"assistant": [], "plain": []}
        peaks: dict[str, list[float]] = {"assistant": [], "plain": []}
        for run in range(runs):
            for pipeline in ("assistant", "plain"):
                target = index if pipeline == "assistant" and run == runs - 1 else self.work / f"tmp-{pipeline}"
                shutil.rmtree(target, ignore_errors=True)
                data, _ = child("ingest", str(corpus), str(target), pipeline)
                rates[pipeline].append(data["chunks"] / data["seconds"])
                secs[pipeline].append(data["seconds"])
                peaks[pipeline].append(data["peak_mib"])
        self.figures[f"ingest_{label}_s"] = pair(secs["assistant"], secs["plain"])
        self.figures[f"ingest_{label}_chunks_per_s"] = pair(rates["assistant"], rates["plain"], False)
        self.figures[f"ingest_{label}_peak_mib"] = pair(peaks["assistant"], peaks["plain"])

    def pdf_figures(self, pages: int = 300) -> None:
        """Ingest of one long PDF (made here from corpus sentences): seconds, chunks and peak memory."""
        self.log(f"ingest a {pages}-page PDF")
        try:
            folder = long_pdf(self.settings.corpus_dir, self.work / "pdf", pages)
        except ImportError:
            self.figures[f"ingest_pdf_{pages}_pages"] = {"skipped": "needs fpdf2 (pip install fpdf2)"}
            return
        data, _ = child("ingest", str(folder), str(self.work / "index-pdf"), "assistant")
        self.figures[f"ingest_pdf_{pages}_pages"] = {k: round(v, 2) for k, v in data.items()}

    def _open(self, index: Path, chroma_url: str | None = None) -> Any:
        from .core import Assistant

        s = self.settings.model_copy(update={"index_dir": index, "chroma_url": chroma_url, "llm": "embedded"})
        a = Assistant(s, auto_ingest=False)
        if chroma_url:
            a.ingest()
        return a

    def retrieval_figures(self, index: Path, label: str, chroma_url: str | None = None) -> None:
        self.log(f"retrieval {label}")
        a = self._open(index, chroma_url)
        k = a.settings.top_k
        plain_retriever = _plain_retriever(a.store, a.embedder, k)
        ours = per_question(lambda q: a.retriever.retrieve(q, k), self.runs)
        plain = per_question(plain_retriever.retrieve, self.runs)
        self.figures[f"retrieval_{label}_ms"] = pair(ours, plain)

    def answer_figures(self, index: Path) -> None:
        self.log("answers (embedded model)")
        from .evals.pipelines import plain_query_engine, stream_tokens
        from .types import Answer

        a = self._open(index)
        engine = plain_query_engine(a.store, a.embedder, a.llm, a.settings.top_k)
        questions = QUESTIONS[: max(3, min(len(QUESTIONS), self.runs + 1))]
        a.ask(WARM_UP)
        from .llm import EmbeddedLLM, count_tokens

        limits = llama_limits(a.llm, corpus_sentences(self.settings.corpus_dir)) if isinstance(
            a.llm, EmbeddedLLM) else None
        ttft, total, tokens, p_ttft, p_total, ttft_ratio, total_ratio = [], [], [], [], [], [], []
        reused, evaluated = [], []  # per question: share of its prompt tokens from llama.cpp's cache; tokens evaluated
        for q in questions:  # ours, question after question as a user asks them: the cache holds the last prompt
            seen = len(a.llm.prefix_reuse) if isinstance(a.llm, EmbeddedLLM) else 0
            for event in a.stream(q):
                if isinstance(event, Answer):
                    total.append(event.latency_s)
                    if event.first_token_s is not None:
                        ttft.append(event.first_token_s)
                    tokens.append(float(event.prompt_tokens or 0))
                    if isinstance(a.llm, EmbeddedLLM):  # 0 when it abstained without asking the model
                        evaluated.append(float(event.evaluated_prompt_tokens or 0))
                    if limits and event.first_token_s is not None:  # seconds the hardware needs at the least
                        pps, gps = limits["prompt_tokens_per_s"], limits["generation_tokens_per_s"]
                        written = count_tokens(a.llm, event.raw_text)
                        ttft_ratio.append(event.first_token_s / ((event.first_prompt_tokens or 1) / pps))
                        total_ratio.append(event.latency_s / ((event.prompt_tokens or 0) / pps + written / gps))
            if isinstance(a.llm, EmbeddedLLM):
                prompts = a.llm.prefix_reuse[seen:]
                reused.append(sum(r for r, _ in prompts) / max(1, sum(n for _, n in prompts)))
        for q in questions:  # then plain llama-index's, the same way
            t = time.perf_counter()
            first = None
            for _ in stream_tokens(engine, q)[1]:
                first = first if first is not None else time.perf_counter() - t
            p_total.append(time.perf_counter() - t)
            p_ttft.append(first if first is not None else p_total[-1])
        self.figures["answer_ttft_s"] = pair(ttft, p_ttft)
        self.figures["answer_total_s"] = pair(total, p_total)
        self.figures["answer_prompt_tokens"] = pair(tokens, None)
        if reused:
            self.figures["answer_prompt_share_from_cache"] = pair(reused, None, False)
            self.figures["answer_prompt_tokens_evaluated"] = pair(evaluated, None)
        if limits:
            self.figures["llama_limits"] = limits
            self.figures["answer_ttft_to_limit"] = pair(ttft_ratio, None)
            self.figures["answer_total_to_limit"] = pair(total_ratio, None)

    def large_retrieval_figures(self, n_chunks: int = 100_000) -> None:
        """A store of ``n_chunks`` chunks: texts from corpus sentences, vectors synthetic (unit, seeded)."""
        from .retrieval import HybridRetriever
        from .store import ChunkStore
        from .types import Chunk, Document

        self.log(f"building a store of {n_chunks} chunks")
        a = self._open(self.work / "index", None)
        s = self.settings.model_copy(update={"index_dir": self.work / "index-100k", "collection": "large"})
        dim = int(getattr(a.embedder, "dimension", 384))
        store = ChunkStore(s, a.embedder.model_name, dim)
        sentences = corpus_sentences(self.settings.corpus_dir)
        rng = np.random.default_rng(11)
        pick = random.Random(11)
        per_doc, t0 = 100, time.perf_counter()
        for d in range(n_chunks // per_doc):
            texts = [" ".join(pick.choice(sentences) for _ in range(3)) for _ in range(per_doc)]
            doc = Document(doc_id=f"large_{d:05d}.txt", title=f"Synthetisch {d}", text="\n\n".join(texts),
                           content_hash=str(d))
            chunks = [Chunk(chunk_id=f"{doc.doc_id}::{i}", doc_id=doc.doc_id, index=i, text=t, start=0, end=len(t))
                      for i, t in enumerate(texts)]
            vectors = rng.normal(size=(per_doc, dim))
            vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
            store.put(doc, chunks, vectors.tolist())
        self.figures["store_100k_build_s"] = pair([time.perf_counter() - t0], None)
        retriever = HybridRetriever(store, a.embedder, s.retrieval)
        t0 = time.perf_counter()
        retriever.keyword  # noqa: B018 - builds the keyword index
        self.figures["keyword_index_100k_build_s"] = pair([time.perf_counter() - t0], None)
        plain_retriever = _plain_retriever(store, a.embedder, s.top_k)
        ours = per_question(lambda q: retriever.retrieve(q, s.top_k), self.runs)
        plain = per_question(plain_retriever.retrieve, self.runs)
        self.figures["retrieval_100k_ms"] = pair(ours, plain)


def machine(settings: Settings) -> dict[str, Any]:
    """What the figures were measured on: CPU model, the SIMD flags llama.cpp uses, threads."""
    model, flags = platform.processor() or platform.machine(), set()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            key, _, value = line.partition(":")
            if key.strip() == "model name":
                model = value.strip()
            elif key.strip() == "flags":
                flags = set(value.split())
    return {"cpu": model, "cpus": os.cpu_count(), "llama_threads": settings.embedded.n_threads,
            "simd": sorted(f for f in flags if f in {"avx", "avx2", "fma", "f16c", "avx512f", "avx512bw",
                                                     "avx512vnni", "avx_vnni", "amx_tile"})}


def llama_limits(llm: Any, sentences: list[str], prompt_tokens: int = 512, gen_tokens: int = 64,
                 runs: int = 3) -> dict[str, float]:
    """The machine's own llama.cpp speed for the loaded model: prompt evaluation and generation, tokens/s
    (median of ``runs``). Generation is timed as one-token decode steps, which is what each new token costs."""
    llama = llm.load()
    tokens = _corpus_tokens(llama, sentences, prompt_tokens)
    prompt, gen = [], []
    with llm._lock:
        for _ in range(runs):
            prompt.append(_prompt_speed(llama, tokens))
            t = time.perf_counter()
            for i in range(gen_tokens):
                llama.eval([tokens[i % len(tokens)]])
            gen.append(gen_tokens / (time.perf_counter() - t))
        llama.reset()
    return {"prompt_tokens_per_s": round(median(prompt), 1), "generation_tokens_per_s": round(median(gen), 1)}


def prompt_speed(llama: Any, sentences: list[str], prompt_tokens: int = 512) -> float:
    """llama.cpp's prompt evaluation speed (tokens/s) for a loaded model, from one prompt of corpus text."""
    speed = _prompt_speed(llama, _corpus_tokens(llama, sentences, prompt_tokens))
    llama.reset()
    return round(speed, 1)


def _corpus_tokens(llama: Any, sentences: list[str], n: int) -> list[int]:
    return list(llama.tokenize(" ".join(sentences).encode("utf-8"), add_bos=True)[:n])


def _prompt_speed(llama: Any, tokens: list[int]) -> float:
    llama.reset()
    t = time.perf_counter()
    llama.eval(tokens)
    return len(tokens) / (time.perf_counter() - t)


def table(figures: dict[str, Any]) -> str:
    lines = ["| figure | assistant median | p95 | plain llama-index median | p95 | ratio |",
             "|---|---|---|---|---|---|"]
    for name, row in figures.items():
        if "assistant" not in row:  # a figure of ours alone (limits, the long PDF): in report.json
            continue
        ours, plain = row["assistant"], row.get("plain")
        lines.append(f"| {name} | {ours['median']:.3g} | {ours['p95']:.3g} | "
                     + (f"{plain['median']:.3g} | {plain['p95']:.3g} | {row['ratio']} |" if plain else "– | – | – |"))
    return "\n".join(lines)


def main(settings: Settings, out: Path, runs: int, large: bool) -> dict[str, Any]:
    bench = Bench(settings, out / "work", runs=runs, large=large)
    started = time.perf_counter()
    figures = bench.run()
    report = {"machine": machine(settings), "runs": runs, "duration_s": round(time.perf_counter() - started),
              "figures": figures}
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.json").write_text(json.dumps(report, indent=2) + "\n")
    shutil.rmtree(out / "work", ignore_errors=True)
    print(table(figures))
    return report


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "child":
        run_child(sys.argv[2:])
    else:
        raise SystemExit("use `assistant bench`")
