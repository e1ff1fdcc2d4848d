from __future__ import annotations

from index.vocabulary import Vocabulary


def test_terms_containing_a_part() -> None:
    vocab = Vocabulary(["rekenkamer", "rekenkameronderzoek", "onderzoek", "kamer", "regio", "regiodeal", "zwolle"])
    assert len(vocab) == 7
    assert vocab.containing("rekenkamer") == ["rekenkamer", "rekenkameronderzoek"]
    assert vocab.containing("onderzoek") == ["onderzoek", "rekenkameronderzoek"]
    assert vocab.containing("kamer") == ["kamer", "rekenkamer", "rekenkameronderzoek"]  # each term once
    assert vocab.containing("amer\nreg") == [] and vocab.containing("") == []  # never across terms
    assert vocab.containing("zwolle") == ["zwolle"] and vocab.containing("assen") == []


def test_same_start_and_about_the_same_length() -> None:
    vocab = Vocabulary(["coordinatieteam", "codrdinatieteam", "coordinatieteams", "programmateam", "kort"])
    assert set(vocab.similar_length("coordinatieteam")) == {"coordinatieteam", "codrdinatieteam", "coordinatieteams"}
    assert vocab.similar_length("kort") == []  # short terms are not grouped
