import pytest

from assistant.ingest import ingest
from assistant.keyword import KeywordIndex
from assistant.retrieval import HybridRetriever, fuse
from assistant.settings import RetrievalSettings
from assistant.types import Passage

from .conftest import embedded_and_server_store, open_store

# every store test runs against the embedded PersistentClient and a real `chroma run` server
settings = pytest.fixture(params=["embedded", "server"], name="settings")(embedded_and_server_store)


def passage(cid, text, **kw):
    return Passage(chunk_id=cid, doc_id=cid.split("::")[0], title="t", text=text, start=0, end=len(text), **kw)


def test_keyword_index_handles_compounds_umlauts_and_inflection():
    idx = KeywordIndex([passage("a::0", "Teheran lieferte Tausende von Shahed-Angriffsdrohnen an Russland."),
                        passage("b::0", "Die Türkei schloss 1993 ihre Grenze zu Armenien."),
                        passage("c::0", "Übergriffe auf Geschäftsleute in Jekaterinburg.")])
    assert idx.search("Drohnen", 3)[0].chunk_id == "a::0"
    assert idx.search("Tuerkei Grenze", 3)[0].chunk_id == "b::0"
    assert idx.search("Uebergriff", 3)[0].chunk_id == "c::0"
    assert idx.search("Fußball", 3) == []


def test_fusion_rewards_agreement():
    a, b, c = passage("a::0", "x"), passage("b::0", "y"), passage("c::0", "z")
    fused = fuse([(1.0, [a, b]), (1.0, [b, c])], rrf_k=60)
    assert [p.chunk_id for p in fused] == ["b::0", "a::0", "c::0"]
    assert fuse([(0.0, [a, b]), (1.0, [c])], rrf_k=60)[0].chunk_id == "c::0"


def test_hybrid_retrieval_finds_the_passage(settings, embedder):
    store = open_store(settings, embedder)
    ingest(settings, embedder, store)
    r = HybridRetriever(store, embedder, RetrievalSettings())
    top = r.retrieve("Wie viele Soldaten schickte Nordkorea zunächst nach Russland?", 3)
    assert any("11.000 Soldaten" in p.text for p in top)
    assert all(p.doc_id == "002_ae1e676b21058354.txt" for p in top[:2])
    assert len(r.retrieve("Aserbaidschan", 50)) <= 50
