"""The anatomy check: every service has the files of the roles it must have, and keeps each role in its file.

``docs/anatomy.md`` is the anatomy in words; this is the part of it a machine can hold:

- every service has ``pyproject.toml``, ``service.toml``, ``README.md``, ``tests/unit/`` and, in its package,
  ``config.py``, ``bootstrap.py``, ``domain/model.py``, ``domain/errors.py``, ``service_layer/ports.py``,
  ``adapters/memory.py`` and ``entrypoints/api.py``;
- a service with a database (``database = false`` is not in its ``service.toml``) also has
  ``adapters/tables.py``, ``adapters/repository.py``, ``migrations/env.py`` and at least one migration;
- a role found anywhere else than its file is reported: a unit of work (a subclass of the chassis'
  ``SqlUnitOfWork``) outside ``adapters/unit_of_work.py``; a table (``Table(...)``) outside
  ``adapters/tables.py`` and the migrations; the declaration of published or consumed events
  (``published_events(...)``, ``Consumed(...)``) outside ``adapters/integration_events.py``; a fake
  (``class InMemory…``/``Fake…``) outside ``adapters/memory.py``; a domain event (``DomainEvent``) outside
  ``domain/events.py``; a clock type (``Clock = …``) anywhere: the chassis owns it.

    python ops/checks/anatomy.py [ROOT]
"""

from __future__ import annotations

import ast
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

__all__ = ["check_anatomy"]

EVERY_SERVICE = ("pyproject.toml", "service.toml", "README.md", "tests/unit")
EVERY_PACKAGE = ("config.py", "bootstrap.py", "domain/model.py", "domain/errors.py", "service_layer/ports.py",
                 "adapters/memory.py", "entrypoints/api.py")
WITH_A_DATABASE = ("adapters/tables.py", "adapters/repository.py", "migrations/env.py")

UNIT_OF_WORK = "adapters/unit_of_work.py"
TABLES = "adapters/tables.py"
INTEGRATION_EVENTS = "adapters/integration_events.py"
FAKES = "adapters/memory.py"
DOMAIN_EVENTS = "domain/events.py"


def _has_database(service: Path) -> bool:
    try:
        manifest = tomllib.loads((service / "service.toml").read_text())
    except (OSError, tomllib.TOMLDecodeError):
        return True
    return manifest.get("run", {}).get("database", True) is not False


def _name(node: ast.expr) -> str:
    """The last name of ``node`` (``unit_of_work.SqlUnitOfWork`` → ``SqlUnitOfWork``)."""
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Subscript):
        return _name(node.value)
    return ""


def _misplaced_class(node: ast.ClassDef, role_path: str) -> Iterator[str]:
    bases = {_name(base) for base in node.bases}
    if "SqlUnitOfWork" in bases and role_path != UNIT_OF_WORK:
        yield f"{node.lineno}: unit of work {node.name} belongs in {UNIT_OF_WORK}"
    if node.name.startswith(("InMemory", "Fake")) and role_path != FAKES:
        yield f"{node.lineno}: fake {node.name} belongs in {FAKES}"
    if (node.name == "DomainEvent" or "DomainEvent" in bases) and role_path != DOMAIN_EVENTS:
        yield f"{node.lineno}: domain event {node.name} belongs in {DOMAIN_EVENTS}"


def _misplaced_call(node: ast.Call, role_path: str) -> Iterator[str]:
    called = _name(node.func)
    if called == "Table" and role_path != TABLES:
        yield f"{node.lineno}: a table belongs in {TABLES}"
    if called in ("published_events", "Consumed") and role_path != INTEGRATION_EVENTS:
        yield f"{node.lineno}: the events a service publishes and consumes are declared in {INTEGRATION_EVENTS}"


def _misplaced(module: Path, role_path: str) -> Iterator[str]:
    """The roles ``module`` (at ``role_path`` inside its package) holds that belong in another file."""
    tree = ast.parse(module.read_text(encoding="utf-8"), filename=str(module))
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            yield from _misplaced_class(node, role_path)
        elif isinstance(node, ast.Call):
            yield from _misplaced_call(node, role_path)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(target, ast.Name) and target.id == "Clock" for target in targets):
                yield f"{node.lineno}: the Clock type is the chassis' (musiccorp.chassis.clock)"


def check_service(service: Path) -> list[str]:
    """One line per missing role file or misplaced role of the service in ``service``."""
    name = service.name
    package = service / "src" / "musiccorp" / name
    problems = [f"services/{name}: no {path}" for path in EVERY_SERVICE if not (service / path).exists()]
    required = [*EVERY_PACKAGE, *(WITH_A_DATABASE if _has_database(service) else ())]
    problems += [f"services/{name}: no {path} (see docs/anatomy.md)" for path in required
                 if not (package / path).is_file()]
    if _has_database(service) and not any((package / "migrations" / "versions").glob("*.py")):
        problems.append(f"services/{name}: a service with a database has no migration")
    for module in sorted(package.rglob("*.py")):
        role_path = module.relative_to(package).as_posix()
        if role_path.startswith("migrations/"):
            continue
        problems += [f"services/{name}/src/musiccorp/{name}/{role_path}:{line}" for line in _misplaced(module,
                                                                                                        role_path)]
    return problems


def check_anatomy(root: Path) -> list[str]:
    """One line per departure from the anatomy in any service under ``root``; empty when all follow it."""
    services = sorted(path for path in (root / "services").iterdir() if (path / "pyproject.toml").is_file())
    return [problem for service in services for problem in check_service(service)]


def main(argv: list[str]) -> int:
    root = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parents[2]
    problems = check_anatomy(root)
    for problem in problems:
        print(f"anatomy: {problem}")
    if not problems:
        print("anatomy: every service has the documented shape")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
