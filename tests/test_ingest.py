from __future__ import annotations

import pytest

from assistant.errors import IndexMismatch
from assistant.ingest import ingest
from assistant.store import ChunkStore

from .conftest import FakeEmbedder, embedded_and_server_store, open_store

# every store test runs against the embedded PersistentClient and a real `chroma run` server
settings = pytest.fixture(params=["embedded", "server"], name="settings")(embedded_and_server_store)



def test_a_query_asks_for_more_than_there_is_or_an_empty_store(settings, embedder):
    store = open_store(settings, embedder)
    assert store.query(embedder.get_query_embedding("Kursk"), 20) == []
    ingest(settings, embedder, store)
    got = store.query(embedder.get_query_embedding("Kursk"), 10_000)
    assert len(got) == store.count() and len({p.chunk_id for p in got}) == len(got)


def test_ingest_then_reingest_changes_nothing(settings, embedder):
    store = open_store(settings, embedder)
    first = ingest(settings, embedder, store)
    assert first.count("ingested") == 5 and first.count("skipped") == 0
    before = store.collection.get(include=["documents", "metadatas"])
    second = ingest(settings, embedder, store)
    assert second.count("unchanged") == 5 and not second.changed
    assert store.collection.get(include=["documents", "metadatas"]) == before
    assert "5 unchanged" in second.lines()[-1]


def test_edit_replaces_chunks_without_stale_ones(settings, embedder, corpus_dir):
    store = open_store(settings, embedder)
    ingest(settings, embedder, store)
    path = corpus_dir / "002_ae1e676b21058354.txt"
    path.write_text("Kurzer Titel\n\nNur noch ein Satz über Kursk.\n", "utf-8")
    report = ingest(settings, embedder, store)
    assert [r.status for r in report.results if r.doc_id == path.name] == ["ingested"]
    assert report.count("unchanged") == 4
    chunks = store.collection.get(where={"doc_id": path.name}, include=["documents"])
    assert chunks["ids"] == [f"{path.name}::0"] and "Kursk" in chunks["documents"][0]
    assert store.document(path.name).text == "Kurzer Titel\n\nNur noch ein Satz über Kursk."


def test_removed_file_is_deleted(settings, embedder, corpus_dir):
    store = open_store(settings, embedder)
    ingest(settings, embedder, store)
    (corpus_dir / "003_3e6433e1edb68a55.txt").unlink()
    report = ingest(settings, embedder, store)
    assert report.count("deleted") == 1
    assert "003_3e6433e1edb68a55.txt" not in store.doc_ids()
    assert store.document("003_3e6433e1edb68a55.txt") is None


def test_unsupported_and_undecodable_files_are_reported(settings, embedder, corpus_dir):
    (corpus_dir / "data.csv").write_text("a,b\n1,2\n")
    (corpus_dir / "latin1.txt").write_bytes("Grüße aus Baku".encode("latin-1"))
    report = ingest(settings, embedder, open_store(settings, embedder))
    details = {r.doc_id: (r.status, r.detail) for r in report.results}
    assert details["data.csv"] == ("skipped", "unsupported type .csv")
    assert details["latin1.txt"][0] == "ingested" and "Windows-1252" in details["latin1.txt"][1]


def test_stored_chunk_offsets_point_into_the_document(settings, embedder):
    store = open_store(settings, embedder)
    ingest(settings, embedder, store)
    for p in store.all_passages():
        assert store.document(p.doc_id).text[p.start:p.end] == p.text


def test_other_embedding_model_is_a_clear_error(settings, embedder):
    ingest(settings, embedder, open_store(settings, embedder))
    with pytest.raises(IndexMismatch, match="assistant ingest --rebuild"):
        ChunkStore(settings, "another-model", embedder.dimension)
    with pytest.raises(IndexMismatch):
        ChunkStore(settings, embedder.model_name, 12)


def test_corpus_dir_from_environment(monkeypatch, tmp_path, corpus_dir):
    from assistant.settings import Settings

    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(corpus_dir))
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(tmp_path / "envindex"))
    monkeypatch.setenv("ASSISTANT_TOP_K", "3")
    monkeypatch.setenv("ASSISTANT_RETRIEVAL__RRF_K", "10")
    s = Settings()
    assert (s.corpus_dir, s.top_k, s.retrieval.rrf_k) == (corpus_dir, 3, 10)
    e = FakeEmbedder()
    assert ingest(s, e, open_store(s, e)).count("ingested") == 5


def test_reads_of_the_whole_store_come_in_pages(settings, embedder):
    store = open_store(settings, embedder)
    ingest(settings, embedder, store)
    ids = [i for i, _, _ in store._all(["metadatas"], page=7)]
    assert len(ids) == len(set(ids)) == store.count() > 7
    assert len(store.all_passages()) == store.count()
