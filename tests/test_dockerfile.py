"""What can be checked of the Dockerfile without a Docker engine."""

from __future__ import annotations

import fnmatch
import json
import re
import shlex
import tomllib
from pathlib import Path

import pytest

from bot.cli import build_parser
from index import load_config

ROOT = Path(__file__).resolve().parents[1]
_TEXT = "\n".join(ln for ln in (ROOT / "Dockerfile").read_text().splitlines() if not ln.strip().startswith("#"))
LINES = [ln.strip() for ln in _TEXT.replace("\\\n", " ").splitlines() if ln.strip()]
IGNORED = [ln.strip() for ln in (ROOT / ".dockerignore").read_text().splitlines() if ln.strip() and not ln.startswith("#")]


def instructions(name: str) -> list[str]:
    return [ln[len(name) + 1 :].strip() for ln in LINES if ln.upper().startswith(name + " ")]


def exec_form(value: str) -> list[str]:
    return json.loads(value) if value.startswith("[") else shlex.split(value)


def test_base_image_is_slim_python() -> None:
    (base,) = instructions("FROM")
    assert re.fullmatch(r"python:3\.1[1-9]-slim", base)


def test_every_copied_file_exists_and_is_not_ignored() -> None:
    copies = instructions("COPY")
    assert copies
    for copy in copies:
        *sources, _target = copy.split()
        for source in sources:
            assert (ROOT / source).exists(), source
            assert not any(fnmatch.fnmatch(source, pattern) for pattern in IGNORED), source


def test_command_and_healthcheck_are_real_cli_commands() -> None:
    (cmd,) = instructions("CMD")
    argv = exec_form(cmd)
    assert argv[:2] == ["dtzbot", "serve"]
    build_parser().parse_args(argv[1:])
    (health,) = instructions("HEALTHCHECK")
    health_argv = exec_form(health.split("CMD", 1)[1].strip())
    assert health_argv[0] == "dtzbot"
    assert build_parser().parse_args(health_argv[1:]).command == "health"
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts["dtzbot"] == "bot.cli:main"


def test_runs_as_non_root_with_knowledge_and_data_volumes() -> None:
    users = instructions("USER")
    assert users and users[-1] not in {"root", "0"}
    (volume,) = instructions("VOLUME")
    volumes = set(exec_form(volume))
    (workdir,) = instructions("WORKDIR")
    cfg = load_config(ROOT / "config.yaml")
    # the config resolves its paths next to /app/config.yaml: these must be the volumes
    assert {f"{workdir}/{cfg.knowledge_dir.name}", f"{workdir}/{cfg.data_dir.name}"} == volumes


def test_default_install_has_no_torch_or_cuda() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    deps = " ".join(project["dependencies"]).lower()
    assert "torch" not in deps and "sentence-transformers" not in deps and "nvidia" not in deps
    assert "sentence-transformers" in project["optional-dependencies"]
    run = " ".join(instructions("RUN"))
    assert "download.pytorch.org/whl/cpu" in run  # the optional extra takes the CPU build of torch


@pytest.mark.parametrize("arg", ["EXTRAS", "PRELOAD_MODEL"])
def test_model_preload_is_a_build_argument(arg: str) -> None:
    assert any(a.startswith(arg) for a in instructions("ARG"))


def test_compose_runs_two_replicas_on_one_pgvector_database() -> None:
    import yaml

    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    services = compose["services"]
    assert services["db"]["image"].startswith("pgvector/pgvector:")
    bots = [name for name, s in services.items() if "DTZBOT_DATABASE_URL" in s.get("environment", {})]
    assert len(bots) == 2
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    caddy = (ROOT / "deploy" / "Caddyfile").read_text()
    for name in bots:
        bot = services[name]
        assert bot["build"]["args"]["EXTRAS"] in extras  # the postgres extra
        assert bot["environment"]["DTZBOT_DATABASE_URL"].startswith("postgresql://dtzbot:${POSTGRES_PASSWORD}@db:")
        mounts = {m.split(":")[1]: m.split(":")[0] for m in bot["volumes"]}
        assert mounts["/app/config.yaml"] == "./deploy/config.yaml" and (ROOT / "deploy" / "config.yaml").exists()
        assert any(target == "/app/data" for target in mounts)
    assert len({services[n]["volumes"][-1] for n in bots}) == 2  # each replica its own data volume
    cfg = load_config(ROOT / "deploy" / "config.yaml")
    assert cfg.store.backend == "postgres" and cfg.store.dsn == ""  # the password stays in the environment
    assert cfg.telegram.mode == "webhook" and cfg.telegram.webhook.listen == "0.0.0.0"
    for name in bots:
        assert f"{name}:{cfg.telegram.webhook.port}" in caddy
    assert f"handle /{cfg.telegram.webhook.path}" in caddy
