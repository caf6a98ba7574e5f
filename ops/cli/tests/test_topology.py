"""Reading the system's shape from service.toml files."""

from __future__ import annotations

from pathlib import Path

import pytest

from musiccorp.cli.environment import Environment, find_root
from musiccorp.cli.errors import TopologyError, UnknownService
from musiccorp.cli.supervision.providers import ProviderSpec
from musiccorp.cli.supervision.topology import ServiceSpec, load_topology, start_order


def spec(name: str, *depends_on: str, port: int = 8000) -> ServiceSpec:
    return ServiceSpec(name=name, app="fake_app:alpha", port=port, depends_on=depends_on)


def names(specs: list[ServiceSpec]) -> list[str]:
    return [item.name for item in specs]


def write_manifest(root: Path, name: str, body: str) -> None:
    folder = root / "services" / name
    folder.mkdir(parents=True)
    (folder / "service.toml").write_text(f'[service]\nname = "{name}"\n\n[run]\n{body}\n')


PAYBUDDY_RUN = 'module = "paybuddy"\nport = 8900\nready_path = "/ping"'


def write_third_party(root: Path, name: str, body: str = PAYBUDDY_RUN) -> None:
    folder = root / "thirdparty" / name
    folder.mkdir(parents=True)
    (folder / "thirdparty.toml").write_text(f'[provider]\nname = "{name}"\ndescription = "outside"\n\n[run]\n{body}\n')


def test_start_order_puts_dependencies_first():
    """Every service comes after everything it depends on."""
    order = names(start_order([spec("storefront", "catalog", "orders"), spec("orders", "catalog"),
                               spec("catalog")]))
    assert order.index("catalog") < order.index("orders") < order.index("storefront")


def test_cycle_is_one_line_error_naming_the_cycle():
    """A dependency cycle is refused with the loop spelled out."""
    with pytest.raises(TopologyError, match=r"cycle: (\w+ -> ){3}\w+$") as error:
        start_order([spec("a", "b"), spec("b", "c"), spec("c", "a")])
    assert "\n" not in str(error.value)


def test_unknown_dependency_is_refused():
    """Depending on a service that does not exist names both."""
    with pytest.raises(TopologyError, match="orders depends on unknown service 'payments'"):
        start_order([spec("orders", "payments")])


def test_load_topology_reads_manifests_in_start_order(tmp_path: Path):
    """Manifests under services/ become specs ordered by depends_on."""
    write_manifest(tmp_path, "web", 'app = "w:app"\nport = 8000\ndepends_on = ["db"]')
    write_manifest(tmp_path, "db", 'app = "d:app"\nport = 8101\ndatabase = true\nmail = true')
    topology = load_topology(root=tmp_path)
    assert topology.names == ["db", "web"]
    assert topology.get("db").database and topology.front_door.name == "db"
    assert topology.get("db").mail and not topology.get("web").mail


def test_two_services_on_one_port_are_refused(tmp_path: Path):
    """A port declared twice is a topology error, not a start-up surprise."""
    write_manifest(tmp_path, "a", 'app = "a:app"\nport = 8101')
    write_manifest(tmp_path, "b", 'app = "b:app"\nport = 8101')
    with pytest.raises(TopologyError, match="both declare port 8101"):
        load_topology(root=tmp_path)


def test_malformed_app_is_refused(tmp_path: Path):
    """[run].app must be module:factory."""
    write_manifest(tmp_path, "a", 'app = "no_factory"\nport = 8101')
    with pytest.raises(TopologyError, match="module:factory"):
        load_topology(root=tmp_path)


def test_storefront_is_the_front_door(tmp_path: Path):
    """The url to open is the storefront's when there is one."""
    write_manifest(tmp_path, "catalog", 'app = "c:app"\nport = 8101')
    write_manifest(tmp_path, "storefront", 'app = "s:app"\nport = 8000\ndepends_on = ["catalog"]')
    assert load_topology(root=tmp_path).front_door.name == "storefront"


def test_unknown_service_lists_the_known_ones(tmp_path: Path):
    """Asking for a missing service names the ones that exist."""
    write_manifest(tmp_path, "catalog", 'app = "c:app"\nport = 8101')
    with pytest.raises(UnknownService, match="known services: catalog"):
        load_topology(root=tmp_path).get("nope")


def test_root_comes_from_env_then_from_walking_up(tmp_path: Path):
    """MUSICCORP_ROOT wins; otherwise the nearest ancestor holding services/*/service.toml."""
    write_manifest(tmp_path, "catalog", 'app = "c:app"\nport = 8101')
    deep = tmp_path / "services" / "catalog" / "src"
    deep.mkdir()
    assert find_root(cwd=deep, environ={}) == tmp_path
    assert find_root(cwd=deep, environ={"MUSICCORP_ROOT": "/somewhere"}) == Path("/somewhere")


def test_root_falls_back_to_this_checkout(tmp_path: Path):
    """Outside any repository the CLI's own checkout is the root."""
    assert (find_root(cwd=tmp_path, environ={}) / "ops" / "cli" / "pyproject.toml").is_file()


def test_environment_defaults_home_to_cwd_and_offset_to_zero(tmp_path: Path):
    """MUSICCORP_HOME defaults to ./.musiccorp and the port offset to 0."""
    environment = Environment.from_environ(environ={}, cwd=tmp_path)
    assert environment.home.path == tmp_path / ".musiccorp" and environment.port_offset == 0


def test_third_parties_are_read_from_their_manifests(tmp_path: Path):
    """thirdparty/*/thirdparty.toml become providers: module, port, ready path, description; not services."""
    write_manifest(tmp_path, "payments", 'app = "p:app"\nport = 8106\nuses = ["paybuddy"]')
    write_third_party(tmp_path, "paybuddy")
    topology = load_topology(root=tmp_path)
    assert topology.providers == (ProviderSpec(name="paybuddy", module="paybuddy", port=8900, ready_path="/ping",
                                               description="outside"),)
    assert topology.names == ["payments"] and topology.get("payments").uses == ("paybuddy",)


def test_a_system_without_third_parties_has_none(tmp_path: Path):
    """No thirdparty/ folder is fine: no providers, and no service may use one."""
    write_manifest(tmp_path, "catalog", 'app = "c:app"\nport = 8101')
    assert load_topology(root=tmp_path).providers == ()


def test_using_an_unknown_third_party_is_one_line_naming_the_known_ones(tmp_path: Path):
    """uses = ["paybudy"] (a typo) is refused before anything starts."""
    write_manifest(tmp_path, "payments", 'app = "p:app"\nport = 8106\nuses = ["paybudy"]')
    write_third_party(tmp_path, "paybuddy")
    with pytest.raises(TopologyError) as error:
        load_topology(root=tmp_path)
    assert str(error.value) == "payments uses unknown third party 'paybudy'; known: paybuddy"


def test_uses_must_be_a_list_of_names(tmp_path: Path):
    """uses = "paybuddy" (not a list) names the field."""
    write_manifest(tmp_path, "payments", 'app = "p:app"\nport = 8106\nuses = "paybuddy"')
    with pytest.raises(TopologyError, match=r"\[run\]\.uses must be a list of third-party names"):
        load_topology(root=tmp_path)


def test_a_third_party_on_a_services_port_is_refused(tmp_path: Path):
    """Ports are unique across services and third parties."""
    write_manifest(tmp_path, "payments", 'app = "p:app"\nport = 8900')
    write_third_party(tmp_path, "paybuddy")
    with pytest.raises(TopologyError, match="payments and paybuddy both declare port 8900|paybuddy and payments"):
        load_topology(root=tmp_path)


def test_a_third_party_named_like_a_service_is_refused(tmp_path: Path):
    """stop/start/kill address children by name, so a name cannot be both."""
    write_manifest(tmp_path, "paybuddy", 'app = "p:app"\nport = 8106')
    write_third_party(tmp_path, "paybuddy")
    with pytest.raises(TopologyError, match="two manifests are called 'paybuddy'"):
        load_topology(root=tmp_path)


@pytest.mark.parametrize("body, message", [
    ('port = 8900', r"\[run\]\.module must be a module to run with python -m"),
    ('module = "pay buddy"\nport = 8900', r"\[run\]\.module must be a module"),
    ('module = "paybuddy"\nport = "8900"', r"\[run\]\.port must be a port number"),
    ('module = "paybuddy"\nport = 8900\nready_path = "ping"', r"\[run\]\.ready_path must be a path"),
])
def test_a_malformed_third_party_manifest_names_the_field(tmp_path: Path, body: str, message: str):
    """Each required field of thirdparty.toml is checked, with the file named."""
    write_manifest(tmp_path, "catalog", 'app = "c:app"\nport = 8101')
    write_third_party(tmp_path, "paybuddy", body)
    with pytest.raises(TopologyError, match=message) as error:
        load_topology(root=tmp_path)
    assert "thirdparty.toml" in str(error.value)


def test_a_third_partys_credential_must_be_declared_by_a_third_party_the_service_uses(tmp_path: Path):
    """secrets = ["paybuddy.api_token"] when PayBuddy declares no such credential is refused before anything starts."""
    write_manifest(tmp_path, "payments", 'app = "p:app"\nport = 8106\nuses = ["paybuddy"]\n'
                                         'secrets = ["paybuddy.api_token"]')
    write_third_party(tmp_path, "paybuddy", PAYBUDDY_RUN + '\n\n[run.secrets]\napi_key = "PAYBUDDY_API_KEYS"')
    with pytest.raises(TopologyError) as error:
        load_topology(root=tmp_path)
    assert str(error.value) == "payments needs 'paybuddy.api_token', which no third party it uses declares"


def test_a_third_partys_declared_credentials_are_read(tmp_path: Path):
    """[run.secrets] maps each credential to the variable the third party reads it from."""
    write_manifest(tmp_path, "payments", 'app = "p:app"\nport = 8106\nuses = ["paybuddy"]\n'
                                         'secrets = ["paybuddy.api_key", "own_secret"]')
    write_third_party(tmp_path, "paybuddy", PAYBUDDY_RUN + '\n\n[run.secrets]\napi_key = "PAYBUDDY_API_KEYS"')
    topology = load_topology(root=tmp_path)
    assert topology.providers[0].secrets == {"api_key": "PAYBUDDY_API_KEYS"}
    assert topology.services[0].secrets == ("paybuddy.api_key", "own_secret")
