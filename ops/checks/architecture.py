"""Architecture checks run by ``make test``: import contracts and service ownership.

The import contracts are generated from the tree, so a new service is covered
the moment its folder exists:

- services are independent of each other (practice 4.11);
- the chassis knows no service, and the CLI knows neither;
- the mail sink (ops tooling) knows no service, nor the chassis, nor the CLI;
- third parties (``thirdparty/*``, outside companies' sandboxes such as PayBuddy)
  and MusicCorp never import each other: they meet over the wire only;
- inside every service the layers point inward
  (entrypoints → bootstrap → adapters → service_layer → domain);
- the domain imports no framework.

Ownership: every service has a ``service.toml`` naming owner, tier and on-call
(practice 10.5).

    python ops/checks/architecture.py [ROOT]
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import tempfile
import tomllib
from pathlib import Path

LAYERS = ("entrypoints", "bootstrap", "adapters", "service_layer", "domain")
FRAMEWORKS = ("fastapi", "starlette", "pydantic", "pydantic_settings", "sqlalchemy", "alembic", "aiohttp",
              "nats", "jinja2", "structlog", "granian", "musiccorp.chassis")
OWNERSHIP_FIELDS = ("name", "description", "owner", "tier", "on_call")


def service_names(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "services").iterdir() if (p / "pyproject.toml").is_file())


def third_party_packages(root: Path) -> list[str]:
    """The top-level packages of ``thirdparty/*/src/`` (``paybuddy``): code of companies we do not own."""
    return sorted(p.parent.name for p in root.glob("thirdparty/*/src/*/__init__.py"))


def contracts_config(root: Path) -> str:
    services = [f"musiccorp.{name}" for name in service_names(root)]
    ours = ["musiccorp.chassis", "musiccorp.cli", "musiccorp.mailsink", *services]
    third_parties = third_party_packages(root)
    lines = ["[importlinter]", "root_packages =", *(f"    {package}" for package in [*ours, *third_parties]),
             "include_external_packages = True", ""]

    def contract(key: str, **fields: str | list[str]) -> None:
        lines.append(f"[importlinter:contract:{key}]")
        for field, value in fields.items():
            if isinstance(value, list):
                lines.append(f"{field} =")
                lines.extend(f"    {item}" for item in value)
            else:
                lines.append(f"{field} = {value}")
        lines.append("")

    if len(services) > 1:
        contract("independent", name="Services are independent of each other", type="independence",
                 modules=services)
    contract("chassis", name="The chassis knows no service", type="forbidden",
             source_modules=["musiccorp.chassis"], forbidden_modules=[*services, "musiccorp.cli"])
    contract("cli", name="The CLI drives services over the wire, never by import", type="forbidden",
             source_modules=["musiccorp.cli"], forbidden_modules=[*services, "musiccorp.chassis"])
    contract("mailsink", name="The mail sink is a tool beside the system, not part of it", type="forbidden",
             source_modules=["musiccorp.mailsink"],
             forbidden_modules=[*services, "musiccorp.chassis", "musiccorp.cli"])
    if third_parties:
        contract("ours-not-theirs", name="MusicCorp never imports a third party's code", type="forbidden",
                 source_modules=ours, forbidden_modules=third_parties)
        contract("theirs-not-ours", name="A third party imports nothing of MusicCorp", type="forbidden",
                 source_modules=third_parties, forbidden_modules=ours)
    contract("layers", name="Inside a service the layers point inward", type="layers",
             containers=services, layers=list(LAYERS))
    contract("domain", name="The domain imports no framework", type="forbidden",
             source_modules=[f"{s}.domain" for s in services], forbidden_modules=list(FRAMEWORKS),
             allow_indirect_imports="True")
    return "\n".join(lines)


def check_contracts(root: Path, *, python_path: Path | None = None) -> tuple[bool, str]:
    """Run import-linter with contracts generated for ``root``; returns (kept, report)."""
    env = dict(os.environ)
    if python_path is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(python_path), env.get("PYTHONPATH")]))
    lint_imports = Path(sysconfig.get_path("scripts")) / "lint-imports"
    with tempfile.NamedTemporaryFile("w", suffix=".ini", delete=False) as config:
        config.write(contracts_config(root))
    try:
        result = subprocess.run([str(lint_imports), config.name, "--no-cache"],
                                capture_output=True, text=True, env=env, cwd=root)
    finally:
        os.unlink(config.name)
    return result.returncode == 0, result.stdout + result.stderr


def check_ownership(root: Path) -> list[str]:
    """One line per service that lacks a complete ``service.toml``; empty when all are owned."""
    problems = []
    for name in sorted(p.name for p in (root / "services").iterdir() if p.is_dir()):
        manifest = root / "services" / name / "service.toml"
        if not manifest.is_file():
            problems.append(f"services/{name}: no service.toml — every service needs an owner, tier and on-call")
            continue
        try:
            table = tomllib.loads(manifest.read_text()).get("service", {})
        except tomllib.TOMLDecodeError as exc:
            problems.append(f"services/{name}/service.toml: not valid TOML ({exc})")
            continue
        missing = [field for field in OWNERSHIP_FIELDS if not table.get(field)]
        if missing:
            problems.append(f"services/{name}/service.toml: [service] lacks {', '.join(missing)}")
        elif table["name"] != name:
            problems.append(f"services/{name}/service.toml: name is {table['name']!r}, not {name!r}")
    return problems


def main(argv: list[str]) -> int:
    root = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parents[2]
    orphans = check_ownership(root)
    for line in orphans:
        print(f"ownership: {line}", file=sys.stderr)
    kept, report = check_contracts(root)
    print(report)
    if orphans or not kept:
        return 1
    print(f"ownership: all {len(service_names(root))} services are owned")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
