"""Answer or refuse: the product's decision against a model learned from the same signals.

Every question file is asked as the bot asks it (follow-ups in their conversation). For each
case it records the signals the decision could use: the evidence score, the IDF-weighted share
of the question's terms in the best three passages and in the best one, the best sentence's
share, the best cosine and how far it stands out from the other candidates, the share of the
question's weight that no passage holds, whether the question is English, asks a typed answer
("hoeveel", "wanneer", "wie"), names something the best documents lack, or gets no sentence
of the asked type.

It prints:

1. the product's decision per file: unanswerable questions refused, answerable ones refused;
2. a precision/recall curve over ``search.min_evidence`` (the judge of
   :mod:`index.answerability` applied as in the product): at each threshold the share of
   unanswerable questions refused and of answerable ones refused, over all files together;
3. a logistic regression over the signals, trained with one question file held out at a time
   (leave-one-file-out), so every number it prints is on a file the model did not see.

    python bench/answerability.py [--work DIR]

The DTZ files run on the bundled knowledge base, ../shared/realdocs/questions.yaml on the
real documents; both indexes are built in --work on the first run.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from index import Library, load_config  # noqa: E402
from index.answerability import judge  # noqa: E402
from index.evaluate import ask_in_context, first_hit, load_cases  # noqa: E402
from index.evidence import coverage, sentence_coverage, token_coverage  # noqa: E402
from index.lexical import idf  # noqa: E402
from index.search import rank  # noqa: E402
from index.signals import answer_type  # noqa: E402
from index.translate import is_english  # noqa: E402

SHARED = ROOT.parent / "shared"
FILES = [
    ("dev", SHARED / "eval" / "dev-questions.yaml", False),
    ("more", ROOT / "tests" / "data" / "more-questions.yaml", False),
    ("english", ROOT / "tests" / "data" / "english-questions.yaml", False),
    ("near-miss", SHARED / "eval" / "near-miss-questions.yaml", False),
    ("paraphrase", SHARED / "eval" / "paraphrase-questions.yaml", False),
    ("followups", SHARED / "eval" / "followups.yaml", False),
    ("realdocs", SHARED / "realdocs" / "questions.yaml", True),
]
SIGNALS = ["evidence", "cover3", "cover1", "sentence", "cosine", "standout", "unknown", "english", "typed", "missing", "untyped"]


def signals(lib: Library, case: object) -> dict[str, float | bool | str]:
    """The signals of one case, with its label and the product's decision."""
    answer = ask_in_context(lib, case, 5)  # type: ignore[arg-type]
    question = answer.understood or case.question  # type: ignore[attr-defined]
    stored = lib.stored
    ranking = rank(stored, lib.embedder.embed_query(question), question, lib.config.search)
    best = [int(i) for i in ranking.order[:3]]
    terms = list(ranking.query_terms)
    dense = ranking.dense
    total = sum(idf(stored, t.stem) for t in terms) or 1.0
    verdict = judge(
        stored, question, [int(i) for i in ranking.order[:5]], lambda tokens: token_coverage(stored, ranking.query_terms, tokens)
    )
    return {
        "question": case.question,  # type: ignore[attr-defined]
        "answerable": not case.unanswerable,  # type: ignore[attr-defined]
        "found": not case.unanswerable and (first_hit(case, answer) or 99) <= 3,  # type: ignore[arg-type, attr-defined]
        "answered": answer.answered,
        "evidence": answer.evidence,
        "cover3": coverage(stored, ranking.query_terms, best),
        "cover1": coverage(stored, ranking.query_terms, best[:1]),
        "sentence": max((sentence_coverage(stored, terms, i) for i in best), default=0.0),
        "cosine": float(dense.max()) if dense.size else 0.0,
        "standout": float((dense.max() - dense.mean()) / (dense.std() + 1e-6)) if dense.size > 1 else 0.0,
        "unknown": sum(idf(stored, t.stem) for t in terms if stored.doc_freq.get(t.stem, 0) == 0) / total,
        "english": is_english(case.question),  # type: ignore[attr-defined]
        "typed": answer_type(question) is not None,
        "missing": verdict.reason.startswith("the documents"),
        "untyped": verdict.reason.startswith("no "),
        "judged": verdict.answers,
    }


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 3000) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """Logistic regression (standardised inputs, L2, classes weighted equally) by gradient descent."""
    mu, sd = x.mean(0), x.std(0) + 1e-6
    z = (x - mu) / sd
    w = np.where(y == 0, (y == 1).sum() / max(1, (y == 0).sum()), 1.0)
    b, c = np.zeros(z.shape[1]), 0.0
    for _ in range(steps):
        g = (1 / (1 + np.exp(-(z @ b + c))) - y) * w
        b -= 0.1 * (z.T @ g / len(y) + l2 * b / len(y))
        c -= 0.1 * float(g.mean())
    return mu, sd, b, c


def predict(model: tuple[np.ndarray, np.ndarray, np.ndarray, float], x: np.ndarray) -> np.ndarray:
    mu, sd, b, c = model
    return 1 / (1 + np.exp(-(((x - mu) / sd) @ b + c)))


def refusals(rows: list[dict], refused: list[bool]) -> str:
    neg = [r for r, f in zip(rows, refused, strict=True) if not r["answerable"]]
    pos = [f for r, f in zip(rows, refused, strict=True) if r["answerable"]]
    neg_refused = sum(f for r, f in zip(rows, refused, strict=True) if not r["answerable"])
    return f"unanswerable refused {neg_refused:>2}/{len(neg):<2}  answerable refused {sum(pos):>2}/{len(pos):<3}"


def main() -> None:
    """Collect the signals and print the three tables."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work", type=Path, default=Path("/tmp/dtzbot-bench-answerability"))
    args = ap.parse_args()
    base = load_config(ROOT / "config.yaml")
    libs = {
        False: Library(base.with_paths(index_dir=args.work / "dtz")),
        True: Library(base.with_paths(SHARED / "realdocs" / "documents", args.work / "realdocs")),
    }
    for lib in libs.values():
        lib.update()
    rows: list[dict] = []
    for name, path, real in FILES:
        for case in load_cases(path):
            rows.append({"file": name, **signals(libs[real], case)})

    print("1. The product's decision")
    for name, _, _ in FILES:
        part = [r for r in rows if r["file"] == name]
        print(f"  {name:<11} {refusals(part, [not r['answered'] for r in part])}")
    print(f"  {'all':<11} {refusals(rows, [not r['answered'] for r in rows])}")

    print(f"\n2. Refusals over search.min_evidence (judge applied; configured {base.search.min_evidence})")
    for th in np.arange(0.20, 0.71, 0.05):
        print(f"  {th:.2f}  {refusals(rows, [r['evidence'] < th or not r['judged'] for r in rows])}")

    print("\n3. Logistic regression over the signals, leave-one-file-out")
    print("   (trained on answerable cases whose answer is in the top 3 and on unanswerable ones)")
    x = np.array([[float(r[s]) for s in SIGNALS] for r in rows])
    scores = np.zeros(len(rows))
    for name, _, _ in FILES:
        train = [n for n, r in enumerate(rows) if r["file"] != name and (r["found"] or not r["answerable"])]
        test = [n for n, r in enumerate(rows) if r["file"] == name]
        model = fit(x[train], np.array([float(rows[n]["answerable"]) for n in train]))
        scores[test] = predict(model, x[test])
    for th in (0.3, 0.4, 0.5, 0.6, 0.7):
        print(f"  p < {th:.1f}  {refusals(rows, list(scores < th))}")
    every = [n for n, r in enumerate(rows) if r["found"] or not r["answerable"]]
    model = fit(x[every], np.array([float(rows[n]["answerable"]) for n in every]))
    weights = ", ".join(f"{s} {w:+.2f}" for s, w in zip(SIGNALS, model[2], strict=True))
    print(f"  weights on all files (standardised): {weights}, bias {model[3]:+.2f}")
    if any(math.isnan(float(w)) for w in model[2]):
        raise SystemExit("the regression did not converge")


if __name__ == "__main__":
    main()
