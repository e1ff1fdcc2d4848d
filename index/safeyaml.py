"""One safe way to read YAML: config, front matter, sidecars, question files.

PyYAML's ``safe_load`` builds no objects, but it still expands anchors and aliases:
1 KB of nested aliases ("billion laughs") becomes hundreds of megabytes. Here the text
is limited in size, the number of aliases is limited, and the expanded document is
limited in nodes, so no small file can take the memory or the time of a process.
Every problem is a :class:`YamlError` with a one-line message.
"""

from __future__ import annotations

from typing import Any

import yaml

MAX_BYTES = 1 << 20  # 1 MB: a config or question file is a few KB
MAX_ALIASES = 64  # real files use a handful at most
MAX_NODES = 200_000  # values after expanding aliases


class YamlError(ValueError):
    """The YAML text is invalid or too large; the message is one line."""


class _BoundedLoader(yaml.SafeLoader):
    """A SafeLoader that counts the aliases it resolves."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.aliases = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise YamlError(f"more than {MAX_ALIASES} aliases (*name): refused")
        return super().compose_node(parent, index)


def _count(value: Any, budget: int) -> int:
    """Walk the value as a reader of it would (aliases expanded); stop past the budget."""
    stack = [value]
    seen = 0
    while stack:
        item = stack.pop()
        seen += 1
        if seen > budget:
            raise YamlError(f"more than {budget} values after expanding aliases: refused")
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return seen


def one_line(exc: yaml.YAMLError) -> str:
    """A YAML error as one line: what is wrong and where."""
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
    return " ".join(f"{where}{problem}".split())


def load(text: str | bytes, *, max_bytes: int = MAX_BYTES) -> Any:
    """Parse one YAML document safely; raises :class:`YamlError`."""
    size = len(text.encode("utf-8") if isinstance(text, str) else text)
    if size > max_bytes:
        raise YamlError(f"YAML text too large ({size} bytes; limit {max_bytes})")
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise YamlError("not UTF-8 text") from None
    loader = _BoundedLoader(text)
    try:
        data = loader.get_single_data()
    except YamlError:
        raise
    except yaml.YAMLError as exc:
        raise YamlError(one_line(exc)) from None
    except RecursionError:
        raise YamlError("nested too deeply") from None
    finally:
        loader.dispose()
    _count(data, MAX_NODES)
    return data
