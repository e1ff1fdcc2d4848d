"""Greetings and thanks are answered as such, not searched for in the documents.

Only a message that is nothing but a greeting or thanks ("Hoi!", "Dank je wel 👍") counts;
"Hoi, wat is DTZ?" is a question like any other.
"""

from __future__ import annotations

import re
from typing import Literal

from index import langdata
from index.analysis import fold

SmallTalk = Literal["greeting", "thanks"]

_DATA = langdata.table("smalltalk.yaml", package="bot")
GREETINGS = frozenset(_DATA["greetings"])
THANKS = frozenset(_DATA["thanks"])
_POLITE = frozenset(_DATA["polite"])  # words around them that do not make a message a question


def small_talk(text: str) -> SmallTalk | None:
    """Which kind of small talk the whole message is ("greeting" or "thanks"), or None."""
    words = [w for w in re.sub(r"[^\w\s]", " ", fold(text)).split() if w not in _POLITE]
    if not words or len(words) > 4:
        return None
    phrase = " ".join(words)
    if phrase in GREETINGS or all(w in GREETINGS for w in words):
        return "greeting"
    if phrase in THANKS or all(w in THANKS for w in words) or (words[0] in THANKS and " ".join(words[1:]) in THANKS):
        return "thanks"
    return None
