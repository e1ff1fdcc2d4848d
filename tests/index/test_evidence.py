from __future__ import annotations

import numpy as np
import pytest

from index.evidence import DENSE_CEIL, DENSE_FLOOR, mix


@pytest.mark.parametrize(
    ("cov", "cosine", "expected"),
    [
        (1.0, DENSE_CEIL, 1.0),  # every term, and a cosine at the top of the band
        (0.0, DENSE_FLOOR, 0.0),  # nothing of the question, a cosine at the bottom
        (0.0, 0.5, 0.0),  # below the band counts as the bottom, not less
        (1.0, 0.99, 1.0),  # above it as the top, not more
        (0.5, (DENSE_FLOOR + DENSE_CEIL) / 2, 0.5),
        (0.6, DENSE_FLOOR, 0.3),  # half coverage, half cosine
    ],
)
def test_the_evidence_mixes_coverage_and_the_cosine_mapped_to_its_band(cov: float, cosine: float, expected: float) -> None:
    assert mix(cov, cosine) == pytest.approx(expected)


def test_the_mix_can_be_weighed_otherwise_for_calibration() -> None:
    assert mix(1.0, DENSE_FLOOR, weight=0.3) == pytest.approx(0.3)
    assert mix(0.0, 0.86, weight=0.5, floor=0.82, ceil=0.86) == pytest.approx(0.5)


def test_a_sum_covers_the_money_words_of_the_question(tmp_path, fake) -> None:
    from index.evidence import evidence_parts
    from index.search import Ranking, rank
    from tests.index.test_search import one_document_library

    lib = one_document_library(
        tmp_path,
        fake,
        "Begroting\n\nMarketing en communicatie 66.690 euro, programmakosten 190.453 euro.\n\n"
        "Campus\n\nIn Emmen ontwikkelen onderwijs en bedrijven samen de campus voor de maakindustrie.\n\n"
        "Marketing\n\nDe marketing van de regio loopt via het platform en de sociale media.\n",
    )
    budget = next(i for i, c in enumerate(lib.stored.chunks) if "66.690" in c.text)

    def cov(question: str) -> float:  # the coverage of the budget's passage alone
        ranking = rank(lib.stored, lib.embedder.embed_query(question), question, lib.config.search)
        only = Ranking(np.array([budget]), np.ones(1, np.float32), np.ones(1, np.float32), ranking.query_terms)
        return evidence_parts(lib.stored, only, top=1)[0]

    assert cov("Hoeveel geld gaat er naar marketing?") == 1.0  # "geld": the sum answers it
    assert cov("Hoeveel geld gaat er naar marketing in Groningen?") < 1.0  # the rest of the question still counts
