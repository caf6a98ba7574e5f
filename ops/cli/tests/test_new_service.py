"""``musiccorp new-service``: the service it writes really works, and a refusal is one line that writes nothing.

Each case runs on a skeleton of the repository in a temporary folder — the root
``pyproject.toml`` and every manifest and package file the command reads — so the
real tree is never touched. The generated service's own tests run in a child
process on its sources (``PYTHONPATH``), with a minimal ``dist-info`` standing in
for its installation, on SQLite and, when ``MUSICCORP_TEST_POSTGRES_URL`` is set,
PostgreSQL.
"""

from __future__ import annotations

import difflib
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

from musiccorp.cli.main import app
from musiccorp.cli.scaffold import new_service

ROOT = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent
NAME = "jukebox"
CUSTOMERS = ROOT / "services" / "customers"
POSTGRES = "MUSICCORP_TEST_POSTGRES_URL"
SKELETON = ("pyproject.toml", "services/*/service.toml", "services/*/pyproject.toml", "thirdparty/*/thirdparty.toml",
            "thirdparty/*/pyproject.toml")
PACKAGE = f"src/musiccorp/{NAME}"
ANATOMY = {
    "README.md", "pyproject.toml", "service.toml",
    *(f"{PACKAGE}/{module}" for module in (
        "__init__.py", "config.py", "bootstrap.py",
        "domain/__init__.py", "domain/model.py", "domain/commands.py", "domain/events.py", "domain/errors.py",
        "service_layer/__init__.py", "service_layer/ports.py", "service_layer/handlers.py",
        "adapters/__init__.py", "adapters/tables.py", "adapters/repository.py", "adapters/unit_of_work.py",
        "adapters/integration_events.py", "adapters/memory.py",
        "entrypoints/__init__.py", "entrypoints/api.py", "entrypoints/schemas.py", "entrypoints/representations.py",
        "migrations/env.py", "migrations/script.py.mako", "migrations/versions/0001_create_items.py")),
    "tests/conftest.py", "tests/unit/test_item.py", "tests/unit/test_handlers.py", "tests/unit/test_api.py",
    "tests/unit/test_integration_events.py", "tests/integration/test_unit_of_work.py",
    "tests/contract/test_event_schemas.py", "tests/contract/test_openapi_fuzz.py",
}


def make_skeleton(base: Path) -> Path:
    """A copy of what new-service reads: the root pyproject.toml and every service's and third party's manifest and
    package file."""
    for pattern in SKELETON:
        for source in ROOT.glob(pattern):
            target = base / source.relative_to(ROOT)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    return base


def files(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` and its bytes: what a refusal must leave exactly as it was."""
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def child_env(**extra: str) -> dict[str, str]:
    """This environment without the musiccorp and pytest settings of the run around it (PostgreSQL's URL kept)."""
    env = {key: value for key, value in os.environ.items()
           if key == POSTGRES or not key.startswith(("MUSICCORP_", "PYTEST_"))}
    return {**env, **extra}


def load_check(name: str):
    spec = importlib.util.spec_from_file_location(f"_new_service_{name}", ROOT / "ops" / "checks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass(frozen=True)
class Generated:
    root: Path
    result: subprocess.CompletedProcess
    pyproject_before: str

    @property
    def service(self) -> Path:
        return self.root / "services" / NAME


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Generated:
    """``musiccorp new-service jukebox ...`` run as a process on a skeleton (the default port: the next free one)."""
    root = make_skeleton(tmp_path_factory.mktemp("repo"))
    before = (root / "pyproject.toml").read_text()
    result = subprocess.run(
        [sys.executable, "-m", "musiccorp.cli", "new-service", NAME, "--owner", "jukebox-team", "--tier", "3",
         "--on-call", "jukebox@musiccorp.example", "--description", 'Plays "tunes" on request.'],
        cwd=root, env=child_env(MUSICCORP_ROOT=str(root)), capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    return Generated(root=root, result=result, pyproject_before=before)


def test_it_writes_the_documented_anatomy_and_says_what_next(generated):
    """services/jukebox/ holds exactly every role file of a database service and its tests; the event schema is
    committed; no staging folder is left; the output names the next steps."""
    written = {path.relative_to(generated.service).as_posix() for path in generated.service.rglob("*")
               if path.is_file()}
    assert written == ANATOMY
    assert [path.name for path in (generated.root / "contracts" / "events" / NAME).iterdir()] == [
        "item.added.v1.json"]
    assert not list(generated.root.glob(".musiccorp-new-service-*"))
    out = generated.result.stdout
    assert "port 8109" in out
    for step in (".tools/bin/uv lock && make setup", f".venv/bin/pytest services/{NAME}", "musiccorp up"):
        assert step in out


def test_its_manifest_and_package_mirror_the_customers(generated):
    """service.toml has the customers' keys with the values asked for; pyproject.toml and the frozen outbox of the
    first migration are the customers' own, but for the names."""
    manifest = tomllib.loads((generated.service / "service.toml").read_text())
    theirs = tomllib.loads((CUSTOMERS / "service.toml").read_text())
    assert {table: set(keys) for table, keys in manifest.items()} == {table: set(keys) for table, keys in
                                                                     theirs.items()}
    assert {key: manifest["service"][key] for key in ("name", "description", "owner", "tier", "on_call")} == {
        "name": NAME, "description": 'Plays "tunes" on request.', "owner": "jukebox-team", "tier": 3,
        "on_call": "jukebox@musiccorp.example"}
    assert manifest["run"] == {"app": f"musiccorp.{NAME}.entrypoints.api:create_app", "port": 8109,
                               "depends_on": [], "database": True}
    package = tomllib.loads((generated.service / "pyproject.toml").read_text())
    customers = tomllib.loads((CUSTOMERS / "pyproject.toml").read_text())
    customers["project"].update(name=f"musiccorp-{NAME}", description=f"MusicCorp {NAME} service.")
    customers["tool"]["uv"]["build-backend"]["module-name"] = f"musiccorp.{NAME}"
    assert package == customers

    def outbox(path: Path) -> str:
        return re.search(r'op\.create_table\(\n\s+"outbox",.*?\n    \)\n.*?\n', path.read_text(), re.S).group()

    ours = generated.service / PACKAGE / "migrations" / "versions" / "0001_create_items.py"
    assert outbox(ours) == outbox(next((CUSTOMERS / "src/musiccorp/customers/migrations/versions").glob("0001_*.py")))


def test_the_workspace_lists_the_package(generated):
    """The root pyproject.toml stays valid TOML and gains exactly two lines: the dependency and its source."""
    after = (generated.root / "pyproject.toml").read_text()
    document = tomllib.loads(after)
    assert f"musiccorp-{NAME}" in document["project"]["dependencies"]
    assert document["tool"]["uv"]["sources"][f"musiccorp-{NAME}"] == {"workspace": True}
    changes = [line for line in difflib.ndiff(generated.pyproject_before.splitlines(), after.splitlines())
               if line[:1] in "+-"]
    assert changes == [f'+     "musiccorp-{NAME}",', f"+ musiccorp-{NAME} = {{ workspace = true }}"]


def test_the_generated_service_passes_its_own_tests(generated, tmp_path):
    """Its unit, integration (SQLite, and PostgreSQL when configured) and contract tests all pass, none skipped
    when PostgreSQL is there."""
    metadata = tmp_path / f"musiccorp_{NAME}-0.1.0.dist-info" / "METADATA"
    metadata.parent.mkdir()
    metadata.write_text(f"Metadata-Version: 2.1\nName: musiccorp-{NAME}\nVersion: 0.1.0\n")
    python_path = os.pathsep.join([str(generated.service / "src"), str(tmp_path)])
    result = subprocess.run([str(BIN / "pytest"), "-q", "-p", "no:cacheprovider", f"services/{NAME}"],
                            cwd=generated.root, env=child_env(PYTHONPATH=python_path), capture_output=True, text=True,
                            timeout=240)
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert re.fullmatch(r"\d+ passed( in .*)?", summary.split(",")[0]), summary
    if os.environ.get(POSTGRES):
        assert "skipped" not in summary, summary


def test_the_generated_code_is_lint_clean(generated):
    """ruff, with the project's configuration (the root pyproject.toml), finds nothing in the generated service."""
    result = subprocess.run([str(BIN / "ruff"), "check", "--no-cache", f"services/{NAME}"], cwd=generated.root,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_tree_with_it_keeps_the_architecture(generated):
    """Ownership, frozen migrations, the import contracts, no import cycle, and the anatomy check all hold for a tree
    that includes the new service."""
    architecture, anatomy = load_check("architecture"), load_check("anatomy")
    sources = generated.service / "src"
    assert architecture.check_ownership(generated.root) == []
    assert architecture.check_migrations(generated.root) == []
    kept, report = architecture.check_contracts(generated.root, python_path=sources)
    assert kept and f"Only bootstrap wires the adapters of {NAME} KEPT" in report, report
    acyclic, cycles = architecture.check_cycles(generated.root, python_path=sources)
    assert acyclic, cycles
    assert anatomy.check_service(generated.service) == []


@pytest.mark.parametrize("name", ["a", "ab_cd_efgh_ijkl_mnop"], ids=["sorts-before-chassis", "longest"])
def test_any_valid_name_gives_clean_importable_code(tmp_path, name):
    """A name sorting before the chassis' imports, or as long as allowed, still gives lint-clean code that imports."""
    root = make_skeleton(tmp_path)
    new_service(root, name)
    service = root / "services" / name
    lint = subprocess.run([str(BIN / "ruff"), "check", "--no-cache", f"services/{name}"], cwd=root,
                          capture_output=True, text=True, timeout=60)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    imported = subprocess.run([sys.executable, "-c", f"import musiccorp.{name}.entrypoints.api"],
                              env=child_env(PYTHONPATH=str(service / "src")), capture_output=True, text=True,
                              timeout=60)
    assert imported.returncode == 0, imported.stderr


@pytest.fixture(scope="module")
def crowded(tmp_path_factory) -> Path:
    """A skeleton where services/leftover/ and contracts/events/taken/ already exist."""
    root = make_skeleton(tmp_path_factory.mktemp("crowded"))
    (root / "services" / "leftover").mkdir()
    (root / "services" / "leftover" / "notes.txt").write_text("not a service yet\n")
    (root / "contracts" / "events" / "taken").mkdir(parents=True)
    (root / "contracts" / "events" / "taken" / "thing.done.v1.json").write_text("{}\n")
    return root


def run_in_process(root: Path, monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    """The real typer app, called as the command line calls it: exit code, stdout, stderr."""
    monkeypatch.setenv("MUSICCORP_ROOT", str(root))
    with pytest.raises(SystemExit) as exited:
        app(args=["new-service", *args], prog_name="musiccorp")
    captured = capsys.readouterr()
    return exited.value.code, captured.out, captured.err


@pytest.mark.parametrize("args, code, says", [
    (["Jukebox"], 2, "NAME must be a lowercase letter then lowercase letters, digits or underscores"),
    (["juke-box"], 2, "NAME must be a lowercase letter"),
    (["1box"], 2, "NAME must be a lowercase letter"),
    (["j" * 21], 2, "(at most 20)"),
    (["class"], 2, "NAME 'class' is a Python keyword"),
    (["item"], 2, "would make the class Item, a name the generated code already uses"),
    (["customers"], 1, "services/customers already exists; choose another NAME"),
    (["leftover"], 1, "services/leftover already exists"),
    (["taken"], 1, "contracts/events/taken already exists"),
    (["chassis"], 1, "taken by musiccorp.chassis"),
    ([NAME, "--port", "abc"], 2, "--port must be a whole number, got 'abc'"),
    ([NAME, "--port", "80"], 2, "--port must be between 1024 and 65535, got 80"),
    ([NAME, "--port", "8102"], 1, "port 8102 is already used by customers (services/customers/service.toml); "
                                  "the next free one is 8109"),
    ([NAME, "--port", "8422"], 1, "port 8422 is already used by the broker"),
    ([NAME, "--tier", "5"], 2, "--tier must be 1 (most critical) to 4, got '5'"),
    ([NAME, "--on-call", "nobody"], 2, "--on-call must be an e-mail address or an http(s) URL"),
    ([NAME, "--owner", "  "], 2, "--owner must be 1 to 300 characters"),
])
def test_a_refusal_is_one_line_and_writes_nothing(crowded, monkeypatch, capsys, args, code, says):
    """A bad name, port, tier, owner or on-call address, or one the repository already holds, exits 1 or 2 with one
    line ``musiccorp: ...`` and leaves every file as it was."""
    before = files(crowded)
    exit_code, out, err = run_in_process(crowded, monkeypatch, capsys, *args)
    assert (exit_code, out) == (code, "")
    assert err.startswith("musiccorp: ") and err.count("\n") == 1 and says in err, err
    assert files(crowded) == before


def test_a_refusal_from_the_real_process_is_one_line(crowded):
    """Run as a process, a taken port is one line on stderr, exit 1, no traceback, nothing written."""
    before = files(crowded)
    result = subprocess.run([sys.executable, "-m", "musiccorp.cli", "new-service", NAME, "--port", "8101"],
                            cwd=crowded, env=child_env(MUSICCORP_ROOT=str(crowded)), capture_output=True, text=True,
                            timeout=60)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == ("musiccorp: port 8101 is already used by catalog (services/catalog/service.toml); "
                             "the next free one is 8109\n")
    assert files(crowded) == before


def test_an_unreadable_workspace_file_is_refused_before_writing(tmp_path, monkeypatch, capsys):
    """A root pyproject.toml that is no TOML is one line, exit 1, and no service is written."""
    root = make_skeleton(tmp_path)
    (root / "pyproject.toml").write_text("[project\nname = 'broken'\n")
    before = files(root)
    exit_code, _, err = run_in_process(root, monkeypatch, capsys, NAME)
    assert exit_code == 1 and err.startswith("musiccorp: pyproject.toml is not valid TOML") and err.count("\n") == 1
    assert files(root) == before


def test_a_failure_while_moving_in_undoes_what_was_moved(tmp_path, monkeypatch, capsys):
    """When the service folder is in place but its contracts folder cannot be made, the service folder is taken back:
    one line, exit 1, every file as it was, no staging folder left."""
    root = make_skeleton(tmp_path)
    (root / "contracts").mkdir()
    (root / "contracts" / "events").write_text("a file where a folder should be\n")
    before = files(root)
    exit_code, _, err = run_in_process(root, monkeypatch, capsys, NAME)
    assert exit_code == 1 and err.startswith("musiccorp: ") and err.count("\n") == 1, err
    assert files(root) == before
    assert sorted(path.name for path in root.iterdir()) == ["contracts", "pyproject.toml", "services", "thirdparty"]
