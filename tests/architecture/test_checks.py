"""The architecture checks guard what they claim: they pass on the tree and fail when it is broken.

Each breaking case copies the real source tree to a temporary folder, breaks one
rule there, and runs the same check ``make test`` runs against the copy.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("architecture", ROOT / "ops" / "checks" / "architecture.py")
architecture = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(architecture)


@pytest.fixture
def tree(tmp_path) -> Path:
    """A copy of the repository's packages: services, chassis, CLI and third-party sources, and manifests."""
    copy = tmp_path / "repo"
    ignore = shutil.ignore_patterns("__pycache__", "tests", "*.json", "static", "templates")
    packages = ("libs/chassis", "ops/cli", *(f"services/{p.name}" for p in (ROOT / "services").iterdir()),
                *(f"thirdparty/{p.name}" for p in (ROOT / "thirdparty").iterdir()))
    for package in packages:
        shutil.copytree(ROOT / package, copy / package, ignore=ignore)
    return copy


def _python_path(tree: Path) -> Path:
    """One folder holding every package of the copy, so it shadows the installed ones."""
    merged = tree / "python-path"
    for src in tree.glob("*/*/src/musiccorp/*"):
        shutil.copytree(src, merged / "musiccorp" / src.name)
    for src in tree.glob("thirdparty/*/src/*"):
        shutil.copytree(src, merged / src.name)
    return merged


def _break(tree: Path, relative: str, line: str) -> None:
    path = (next(tree.glob(f"services/*/src/musiccorp/{relative}"), None)
            or next(tree.glob(f"thirdparty/*/src/{relative}"), None)
            or next(tree.glob(f"*/*/src/musiccorp/{relative}")))
    path.write_text(line + "\n" + path.read_text())


def test_the_real_tree_keeps_every_contract():
    """The repository as committed keeps all import contracts."""
    kept, report = architecture.check_contracts(ROOT)
    assert kept, report


@pytest.mark.parametrize("relative, line, contract", [
    ("catalog/service_layer/queries.py", "import musiccorp.storefront.domain.model",
     "Services are independent of each other BROKEN"),
    ("chassis/health.py", "import musiccorp.catalog.domain.model", "The chassis knows no service BROKEN"),
    ("catalog/domain/model.py", "import sqlalchemy", "The domain imports no framework BROKEN"),
    ("storefront/domain/model.py", "import fastapi", "The domain imports no framework BROKEN"),
    ("catalog/domain/search.py", "import musiccorp.catalog.adapters.tables",
     "Inside a service the layers point inward BROKEN"),
    ("cli/errors.py", "import musiccorp.chassis.settings",
     "The CLI drives services over the wire, never by import BROKEN"),
    ("catalog/adapters/tables.py", "import paybuddy.cards", "MusicCorp never imports a third party's code BROKEN"),
    ("paybuddy/ledger.py", "import musiccorp.chassis.problems",
     "A third party imports nothing of MusicCorp BROKEN"),
])
def test_a_broken_rule_fails_the_check(tree, relative, line, contract):
    """Adding one forbidden import to a copy of the tree makes the check fail, naming the contract."""
    _break(tree, relative, line)
    kept, report = architecture.check_contracts(tree, python_path=_python_path(tree))
    assert not kept
    assert contract in report


@pytest.mark.parametrize("relative, line, service", [
    ("shipping/entrypoints/consumer.py", "from musiccorp.shipping.adapters.unit_of_work import SqlUnitOfWork",
     "shipping"),
    ("warehouse/entrypoints/picker.py", "def _later():\n    from musiccorp.warehouse.adapters import picking",
     "warehouse"),
    ("catalog/entrypoints/api.py", "import musiccorp.catalog.adapters.repository", "catalog"),
], ids=["consumer", "inside-a-function", "api"])
def test_an_entrypoint_importing_an_adapter_fails_the_check(tree, relative, line, service):
    """An entrypoint that builds an adapter itself, instead of taking it from bootstrap's service object, breaks
    its service's wiring contract — the layers contract alone would let it (entrypoints sit above adapters)."""
    _break(tree, relative, line)
    kept, report = architecture.check_contracts(tree, python_path=_python_path(tree))
    assert not kept
    assert f"Only bootstrap wires the adapters of {service} BROKEN" in report
    assert "Inside a service the layers point inward KEPT" in report


def test_the_real_tree_has_no_import_cycle():
    """No module of the repository's packages imports, directly or through others, a module that imports it."""
    acyclic, report = architecture.check_cycles(ROOT)
    assert acyclic, report
    assert "import cycles: none" in report


@pytest.mark.parametrize("relative, line, ring", [
    ("chassis/metrics.py", "import musiccorp.chassis.database",
     ["musiccorp.chassis.database:", "musiccorp.chassis.metrics:1"]),
    ("chassis/events/_naming.py", "def _later():\n    from musiccorp.chassis.events._workqueue import WorkQueue",
     ["musiccorp.chassis.events._naming:2", "musiccorp.chassis.events._workqueue:"]),
    ("catalog/domain/model.py", "from musiccorp.catalog.domain.search import AlbumSearch",
     ["musiccorp.catalog.domain.model:1", "musiccorp.catalog.domain.search:"]),
], ids=["module-level", "inside-a-function", "in-a-service"])
def test_an_import_cycle_fails_the_check(tree, relative, line, ring):
    """One import closing a ring of imports, even one made late inside a function, makes the check name it."""
    _break(tree, relative, line)
    acyclic, report = architecture.check_cycles(tree, python_path=_python_path(tree))
    assert not acyclic
    assert "import cycle: " in report
    assert all(link in report for link in ring), report


def test_an_import_only_for_type_checking_closes_no_cycle(tree):
    """An import under ``if TYPE_CHECKING:`` never runs, so it cannot close a cycle."""
    _break(tree, "chassis/metrics.py",
           "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import musiccorp.chassis.database")
    acyclic, report = architecture.check_cycles(tree, python_path=_python_path(tree))
    assert acyclic, report


def test_every_migration_is_frozen_history():
    """No migration of the repository imports MusicCorp code: each declares the tables it creates."""
    assert architecture.check_migrations(ROOT) == []


ORDERS_0001 = "services/orders/src/musiccorp/orders/migrations/versions/0001_create_orders.py"


@pytest.mark.parametrize("line, module", [
    ("from musiccorp.chassis.events import outbox_table", "musiccorp.chassis.events"),
    ("from musiccorp.chassis.idempotency import idempotency_table", "musiccorp.chassis.idempotency"),
    ("import musiccorp.orders.adapters.tables", "musiccorp.orders.adapters.tables"),
    ("from ..adapters import tables", "..adapters"),
    ("import paybuddy.cards", "paybuddy.cards"),
])
def test_a_migration_importing_live_code_fails_the_check(tree, line, module):
    """A migration that imports a live table builder (or any code of ours) is named, with the line."""
    migration = tree / ORDERS_0001
    migration.write_text(line + "\n" + migration.read_text())
    assert architecture.check_migrations(tree) == [
        f"{ORDERS_0001}:1: imports {module} — a migration is frozen history: declare its tables with alembic and "
        "sqlalchemy only"]


def test_a_migration_importing_live_code_inside_upgrade_fails_the_check(tree):
    """An import made late, inside ``upgrade()``, is found as well."""
    migration = tree / ORDERS_0001
    text = migration.read_text()
    upgrade = "def upgrade() -> None:\n"
    migration.write_text(text.replace(upgrade, upgrade + "    from musiccorp.chassis.events import outbox_table\n"))
    line = text[:text.index(upgrade)].count("\n") + 2
    assert architecture.check_migrations(tree) == [
        f"{ORDERS_0001}:{line}: imports musiccorp.chassis.events — a migration is frozen history: declare its "
        "tables with alembic and sqlalchemy only"]


def test_every_service_is_owned():
    """Every service of the repository has a complete service.toml."""
    assert architecture.check_ownership(ROOT) == []


def test_a_service_without_a_manifest_fails_the_ownership_check(tree):
    """Deleting a service's service.toml makes the ownership check name it."""
    (tree / "services" / "catalog" / "service.toml").unlink()
    assert architecture.check_ownership(tree) == [
        "services/catalog: no service.toml — every service needs an owner, tier and on-call"]


def test_a_manifest_without_a_reason_to_be_separate_fails_the_ownership_check(tree):
    """Every service says why it is a service of its own (practices 5.3–5.4): a manifest without it is refused."""
    manifest = tree / "services" / "loyalty" / "service.toml"
    manifest.write_text(manifest.read_text().replace("why_separate", "why_separate_removed"))
    assert architecture.check_ownership(tree) == ["services/loyalty/service.toml: [service] lacks why_separate"]


def test_a_manifest_without_on_call_fails_the_ownership_check(tree):
    """A manifest that names no on-call is refused."""
    manifest = tree / "services" / "storefront" / "service.toml"
    manifest.write_text(manifest.read_text().replace("on_call", "on_call_removed"))
    assert architecture.check_ownership(tree) == ["services/storefront/service.toml: [service] lacks on_call"]


def test_make_test_runs_both_checks():
    """make test depends on the architecture check, so CI cannot skip it."""
    makefile = (ROOT / "Makefile").read_text()
    test_target = next(line for line in makefile.splitlines() if line.startswith("test:"))
    assert "check-architecture" in test_target
    assert "ops/checks/architecture.py" in makefile
