"""Reliability: bad files, renames and duplicates, killed ingests, index locks, fuzzed questions, context budget."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest

from assistant.ingest import ingest, read_file
from assistant.text import words

from .conftest import ROOT, open_store

GERMAN = "Grüße aus Baku: Die Türkei schloss 1993 ihre Grenze zu Armenien. Das Verhältnis änderte sich später."



def test_bad_files_each_get_a_line_and_nothing_is_dropped(settings, embedder, corpus_dir):
    c = corpus_dir
    (c / "empty.txt").write_bytes(b"")
    with (c / "huge.txt").open("w") as f:  # 100 MB of real text
        line = GERMAN + "\n"
        for _ in range(100_000_000 // len(line.encode()) + 1):
            f.write(line)
    (c / "random.txt").write_bytes(bytes((i * 7919 + 13) % 256 for i in range(8192)))
    (c / "controls.txt").write_bytes(bytes(range(1, 32)) * 50 + b"Text")
    (c / "utf16.txt").write_bytes(GERMAN.encode("utf-16"))
    (c / "latin1.txt").write_bytes(GERMAN.encode("latin-1"))
    (c / "broken-utf8.txt").write_bytes(GERMAN.encode() + b" \xff\xfe " + b"Ende.")
    (c / "nul.txt").write_bytes(b"Ein Text\x00mit NUL.")
    (c / "loop-a.txt").symlink_to(c / "loop-b.txt")
    (c / "loop-b.txt").symlink_to(c / "loop-a.txt")
    (c / "folder.txt").mkdir()
    os.mkfifo(c / "fifo.txt")
    (c / "table.csv").write_text("land,hauptstadt\nAserbaidschan,Baku\n")

    tracemalloc.start()
    report = ingest(settings, embedder, open_store(settings, embedder))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    got = {r.doc_id: (r.status, r.detail) for r in report.results}
    assert got["empty.txt"] == ("skipped", "no text after cleaning")
    assert got["huge.txt"][0] == "skipped" and got["huge.txt"][1].startswith("too large: 100.0 MB")
    assert got["random.txt"][0] == "skipped" and "binary data" in got["random.txt"][1]
    assert got["controls.txt"][0] == "skipped" and "control characters" in got["controls.txt"][1]
    assert got["broken-utf8.txt"][0] == "skipped" and "invalid UTF-8 at byte" in got["broken-utf8.txt"][1]
    assert got["nul.txt"] == ("skipped", "binary data (NUL bytes)")
    assert got["loop-a.txt"][0] == got["loop-b.txt"][0] == "skipped"
    assert "symbolic links" in got["loop-a.txt"][1]
    assert got["folder.txt"] == ("skipped", "a folder")
    assert got["fifo.txt"] == ("skipped", "not a regular file")
    assert got["table.csv"] == ("skipped", "unsupported type .csv")
    assert got["utf16.txt"][0] == "ingested" and "UTF-16" in got["utf16.txt"][1]
    assert got["latin1.txt"][0] == "ingested" and "Windows-1252" in got["latin1.txt"][1]
    assert peak < 30_000_000, f"ingest used {peak / 1e6:.0f} MB with a 100 MB file in the corpus"
    store = open_store(settings, embedder)
    for name in ("utf16.txt", "latin1.txt"):  # every word of the file made it into the index
        assert words(store.document(name).text) == words(GERMAN)
    assert report.count("ingested") == 7  # the five articles and the two re-encoded files


@pytest.mark.skipif(not hasattr(os, "fork"), reason="POSIX permissions")
def test_unreadable_file_is_reported(settings, corpus_dir):
    """Root reads any file, so the file is read in a forked child that runs as user 'nobody'."""
    secret = corpus_dir / "secret.txt"
    secret.write_text(GERMAN)
    os.chmod(secret, 0)
    os.chmod(corpus_dir, 0o755)
    for parent in corpus_dir.parents:  # let 'nobody' reach the file (pytest's temp folders are private)
        if parent == Path("/"):
            break
        parent.chmod(parent.stat().st_mode | 0o111)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: drop to 'nobody' when root, read, report, exit without cleanup
        try:
            if os.geteuid() == 0:
                os.setgid(65534)
                os.setuid(65534)
            result = read_file(secret, settings)
            os.write(write, repr((getattr(result, "status", "read"), getattr(result, "detail", ""))).encode())
        finally:
            os._exit(0)
    os.close(write)
    os.waitpid(pid, 0)
    with os.fdopen(read) as f:
        assert f.read() == repr(("skipped", "cannot read: Permission denied"))


def test_rename_duplicate_edit_delete_leave_no_stale_chunks(settings, embedder, corpus_dir):
    store = open_store(settings, embedder)
    ingest(settings, embedder, store)
    src = corpus_dir / "003_3e6433e1edb68a55.txt"
    src.rename(corpus_dir / "003_renamed.txt")
    shutil.copy(corpus_dir / "004_6651d824c7ae0d77.txt", corpus_dir / "004_copy.txt")
    edited = corpus_dir / "000_697704091728e1b9.txt"
    edited.write_text(edited.read_text().replace("Harop", "Harpyie"))
    (corpus_dir / "001_ee570931bf119cc6.txt").unlink()
    report = ingest(settings, embedder, store)
    assert {r.doc_id: r.status for r in report.results} == {
        "000_697704091728e1b9.txt": "ingested", "002_ae1e676b21058354.txt": "unchanged",
        "003_renamed.txt": "ingested", "004_6651d824c7ae0d77.txt": "unchanged", "004_copy.txt": "ingested",
        "001_ee570931bf119cc6.txt": "deleted", "003_3e6433e1edb68a55.txt": "deleted"}
    rows = store.collection.get(include=["metadatas", "documents"])
    ids = rows["ids"]
    assert len(ids) == len(set(ids))
    assert {i.split("::")[0] for i in ids} == {p.name for p in corpus_dir.iterdir()}
    assert not any("Harop" in d for i, d in zip(ids, rows["documents"], strict=True) if i.startswith("000_"))
    assert set(store.documents()) == store.doc_ids()  # every document with chunks is complete
    assert len(store.documents()) == 5
    copy_chunks = [d for i, d in zip(ids, rows["documents"], strict=True) if i.startswith("004_copy")]
    orig_chunks = [d for i, d in zip(ids, rows["documents"], strict=True) if i.startswith("004_6651")]
    assert sorted(copy_chunks) == sorted(orig_chunks)


def _run_cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "assistant.cli", *args], env=env, cwd=ROOT, capture_output=True,
                          text=True, timeout=300)


@pytest.mark.integration
def test_two_processes_on_one_index_lock_with_a_clear_message(tmp_path, corpus_dir):
    env = {**os.environ, "ASSISTANT_CORPUS_DIR": str(corpus_dir), "ASSISTANT_INDEX_DIR": str(tmp_path / "index")}
    assert _run_cli(env, "ingest").returncode == 0
    holder = subprocess.Popen(  # what the chat UI does: the index open for as long as it serves
        [sys.executable, "-c", "from assistant import Assistant; a = Assistant(auto_ingest=False); a.store; "
         "print('open', flush=True); import time; time.sleep(120)"],
        env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        edited = corpus_dir / "003_3e6433e1edb68a55.txt"
        edited.write_text(edited.read_text().replace("Turkmenistan", "Aschgabat (Turkmenistan)"))
        busy = _run_cli(env, "ingest")
        assert busy.returncode == 2
        assert "is in use by another assistant process" in busy.stderr and "ASSISTANT_CHROMA_URL" in busy.stderr
        assert "readonly" not in busy.stderr.lower() and "Traceback" not in busy.stderr
    finally:
        holder.kill()
        holder.wait()
    done = _run_cli(env, "ingest")
    assert done.returncode == 0 and "ingested   003_3e6433e1edb68a55.txt" in done.stdout
    reader = subprocess.run(
        [sys.executable, "-c", "from assistant import Assistant; a = Assistant(auto_ingest=False); "
         "print(a.document('003_3e6433e1edb68a55.txt').text.count('Aschgabat'))"],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert reader.stdout.strip() == "2", reader.stderr[-2000:]  # "Turkmenistan" occurs twice


def test_stores_in_one_process_share_the_lock(settings, embedder):
    first, second = open_store(settings, embedder), open_store(settings, embedder)
    assert first.lock is second.lock
    assert ingest(settings, embedder, second).count("ingested") == 5


def _snapshot(env: dict[str, str]) -> dict[str, object]:
    """Ids, chunk texts and document hashes in the index, read by a fresh process."""
    code = ("import json; from assistant import Assistant; s = Assistant(auto_ingest=False).store; "
            "r = s.collection.get(include=['documents', 'metadatas']); "
            "print(json.dumps({'chunks': sorted(zip(r['ids'], r['documents'], [m['content_hash'] for m in "
            "r['metadatas']])), 'documents': s.documents(), 'count': s.count()}))")
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.integration
def test_killed_ingest_then_ingest_again_equals_one_clean_run(tmp_path):
    from assistant.bench import synthetic_corpus

    corpus = synthetic_corpus(ROOT / "corpus", tmp_path / "corpus", n_docs=40, sentences_per_doc=6, seed=3)
    clean_env = {**os.environ, "ASSISTANT_CORPUS_DIR": str(corpus), "ASSISTANT_INDEX_DIR": str(tmp_path / "clean")}
    started = time.monotonic()
    assert _run_cli(clean_env, "ingest").returncode == 0
    duration = time.monotonic() - started
    expected = _snapshot(clean_env)
    assert expected["count"] > 40

    rng = random.Random(2024)
    # each run resumes where the killed one stopped, so each kill comes early in what is left
    points = [rng.uniform(0.1, 0.3) * duration for _ in range(3)]
    env = {**clean_env, "ASSISTANT_INDEX_DIR": str(tmp_path / "killed")}
    for delay in points:
        proc = subprocess.Popen([sys.executable, "-m", "assistant.cli", "ingest"], env=env, cwd=ROOT,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert proc.returncode == -signal.SIGKILL, f"ingest ended before the kill at {delay:.1f} s"
        assert _snapshot(env)["count"] >= 0  # the store opens and counts after every kill
    again = _run_cli(env, "ingest")
    assert again.returncode == 0, again.stderr[-2000:]
    assert _snapshot(env) == expected
    assert "0 ingested" in _run_cli(env, "ingest").stdout  # and a further ingest finds nothing to do
