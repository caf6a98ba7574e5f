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
- bootstrap is the only wiring: a service's entrypoints never import its
  adapters, they get them from the service object ``bootstrap()`` returns;
- the domain imports no framework, and of the chassis only its plain-Python
  rules (``DOMAIN_RULES``: the text rule, standard library only).

Import cycles: no module of ours (libs, services, ops, third parties) imports,
directly or through others, a module that imports it. The import graph is
grimp's (import-linter's own): imports inside functions count, imports under
``if TYPE_CHECKING:`` do not, since they never run.

Frozen migrations: a service's Alembic migrations (``migrations/versions/*.py``)
import nothing of MusicCorp — no chassis table builder, no ``adapters/tables.py``
— nor of a third party, only Alembic, SQLAlchemy and the standard library. Each
declares the tables it creates as they were when it was written, so a later
change to live code can never rewrite a database's history.

Anatomy: every service has the files of its roles and keeps each role in its
file (``anatomy.py`` beside this one, ``docs/anatomy.md`` in words).

Ownership: every service has a ``service.toml`` naming owner, tier and on-call
(practice 10.5).

    python ops/checks/architecture.py [ROOT]
    python ops/checks/architecture.py --cycles PACKAGE...   # the cycle search alone, as check_cycles runs it
"""

from __future__ import annotations

import ast
import graphlib
import importlib.util
import os
import subprocess
import sys
import sysconfig
import tempfile
import tomllib
from collections.abc import Iterator, Sequence
from pathlib import Path

LAYERS = ("entrypoints", "bootstrap", "adapters", "service_layer", "domain")
FRAMEWORKS = ("fastapi", "starlette", "pydantic", "pydantic_settings", "sqlalchemy", "alembic", "aiohttp",
              "nats", "jinja2", "structlog", "granian", "musiccorp.chassis")
# The chassis' plain-Python rules (standard library only): the one part of the chassis a domain may import.
DOMAIN_RULES = ("musiccorp.chassis.text",)
OWNERSHIP_FIELDS = ("name", "description", "owner", "tier", "on_call", "why_separate")


def service_names(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "services").iterdir() if (p / "pyproject.toml").is_file())


def third_party_packages(root: Path) -> list[str]:
    """The top-level packages of ``thirdparty/*/src/`` (``paybuddy``): code of companies we do not own."""
    return sorted(p.parent.name for p in root.glob("thirdparty/*/src/*/__init__.py"))


def musiccorp_packages(root: Path) -> list[str]:
    """MusicCorp's packages: the chassis, the CLI, the mail sink and every service."""
    return ["musiccorp.chassis", "musiccorp.cli", "musiccorp.mailsink",
            *(f"musiccorp.{name}" for name in service_names(root))]


def contracts_config(root: Path) -> str:
    services = [f"musiccorp.{name}" for name in service_names(root)]
    ours = musiccorp_packages(root)
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
             ignore_imports=[f"{s}.domain.** -> {rule}" for s in services for rule in DOMAIN_RULES],
             unmatched_ignore_imports_alerting="none",
             allow_indirect_imports="True")
    for service in services:  # entrypoints → bootstrap → adapters is the way; entrypoints → adapters is not
        name = service.rsplit(".", 1)[1]
        contract(f"wiring-{name}", name=f"Only bootstrap wires the adapters of {name}", type="forbidden",
                 source_modules=[f"{service}.entrypoints"], forbidden_modules=[f"{service}.adapters"],
                 allow_indirect_imports="True")
    return "\n".join(lines)


def _environment(python_path: Path | None) -> dict[str, str]:
    """This process's environment, with ``python_path`` (a copy of the tree) shadowing the installed packages."""
    env = dict(os.environ)
    if python_path is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(python_path), env.get("PYTHONPATH")]))
    return env


def check_contracts(root: Path, *, python_path: Path | None = None) -> tuple[bool, str]:
    """Run import-linter with contracts generated for ``root``; returns (kept, report)."""
    env = _environment(python_path)
    lint_imports = Path(sysconfig.get_path("scripts")) / "lint-imports"
    with tempfile.NamedTemporaryFile("w", suffix=".ini", delete=False) as config:
        config.write(contracts_config(root))
    try:
        result = subprocess.run([str(lint_imports), config.name, "--no-cache"],
                                capture_output=True, text=True, env=env, cwd=root)
    finally:
        os.unlink(config.name)
    return result.returncode == 0, result.stdout + result.stderr


def _cycles(imports: dict[str, set[str]], *, most: int = 50) -> Iterator[list[str]]:
    """Rings of modules that import one another (``[a, b, a]``), found by :mod:`graphlib`: each time one ring is
    found, one of its imports is set aside and the search goes on, so every cycle is named at least once."""
    imports = {module: set(imported) for module, imported in imports.items()}
    for _ in range(most):
        try:
            graphlib.TopologicalSorter(imports).prepare()
            return
        except graphlib.CycleError as error:
            ring = list(reversed(error.args[1]))  # graphlib lists a ring against the import direction
            yield ring
            imports[ring[0]].discard(ring[1])


def import_cycles(packages: Sequence[str]) -> list[str]:
    """One line per import cycle among the modules of ``packages``, as importable here; empty when there is none.

    A line shows one ring of modules, each with the line of its import of the next.
    """
    import grimp  # installed with import-linter

    graph = grimp.build_graph(*packages, exclude_type_checking_imports=True, cache_dir=None)
    ours = {module for module in graph.modules
            if any(module == package or module.startswith(f"{package}.") for package in packages)}
    imports = {module: graph.find_modules_directly_imported_by(module) & ours for module in sorted(ours)}
    lines = []
    for ring in _cycles(imports):
        links = [f"{importer}:{graph.get_import_details(importer=importer, imported=imported)[0]['line_number']}"
                 for importer, imported in zip(ring, ring[1:], strict=False)]
        lines.append(f"{' -> '.join(links)} -> {ring[-1]} ({len(ring) - 1} modules in the cycle)")
    return lines


def check_cycles(root: Path, *, python_path: Path | None = None) -> tuple[bool, str]:
    """Search the import graph of every package of ``root`` for cycles; returns (acyclic, report).

    The search runs in a child process, as import-linter does, so that ``python_path``
    (a copy of the tree) shadows the installed packages.
    """
    packages = [*musiccorp_packages(root), *third_party_packages(root)]
    result = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--cycles", *packages],
                            capture_output=True, text=True, env=_environment(python_path), cwd=root)
    return result.returncode == 0, result.stdout + result.stderr


def check_migrations(root: Path) -> list[str]:
    """One line per import of live code in a migration; empty when every migration is frozen history."""
    live = {"musiccorp", *third_party_packages(root)}
    problems = []
    for path in sorted(root.glob("services/*/src/musiccorp/*/migrations/versions/*.py")):
        name = path.relative_to(root)
        try:
            tree = ast.parse(path.read_text(), filename=str(path))
        except SyntaxError as exc:
            problems.append(f"{name}: not valid Python ({exc.msg}, line {exc.lineno})")
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                modules = ["." * node.level + (node.module or "")]
            else:
                continue
            problems.extend(
                f"{name}:{node.lineno}: imports {module} — a migration is frozen history: declare its tables "
                "with alembic and sqlalchemy only"
                for module in modules if module.startswith(".") or module.split(".")[0] in live)
    return problems


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


def _anatomy():
    """The anatomy check beside this file (``anatomy.py``), loaded however this file itself was."""
    spec = importlib.util.spec_from_file_location("anatomy", Path(__file__).with_name("anatomy.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv: list[str]) -> int:
    if argv[1:2] == ["--cycles"]:
        cycles = import_cycles(argv[2:])
        for line in cycles:
            print(f"import cycle: {line}")
        if not cycles:
            print(f"import cycles: none in {len(argv) - 2} packages")
        return 1 if cycles else 0
    root = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parents[2]
    orphans = check_ownership(root)
    for line in orphans:
        print(f"ownership: {line}", file=sys.stderr)
    thawed = check_migrations(root)
    for line in thawed:
        print(f"migrations: {line}", file=sys.stderr)
    departures = _anatomy().check_anatomy(root)
    for line in departures:
        print(f"anatomy: {line}", file=sys.stderr)
    kept, report = check_contracts(root)
    print(report)
    acyclic, cycles = check_cycles(root)
    print(cycles, file=sys.stdout if acyclic else sys.stderr)
    if orphans or thawed or departures or not kept or not acyclic:
        return 1
    print(f"ownership: all {len(service_names(root))} services are owned")
    print("anatomy: every service has the documented shape (docs/anatomy.md)")
    print("migrations: none imports MusicCorp or third-party code")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
