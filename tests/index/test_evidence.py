from __future__ import annotations

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
