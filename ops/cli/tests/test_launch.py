"""How children are launched: commands, environments, ports, backoff."""

from __future__ import annotations

from pathlib import Path

import pytest

from musiccorp.cli.environment import Environment, Home
from musiccorp.cli.errors import CliError
from musiccorp.cli.supervision.backoff import Backoff
from musiccorp.cli.supervision.broker_process import broker_child
from musiccorp.cli.supervision.mailsink_process import mail_child
from musiccorp.cli.supervision.plan import plan_run
from musiccorp.cli.supervision.providers import ProviderSpec
from musiccorp.cli.supervision.run_events import ShutDown
from musiccorp.cli.supervision.topology import ServiceSpec, Topology
from musiccorp.cli.views.render import run_event_line

PAYBUDDY = ProviderSpec(name="paybuddy", module="paybuddy", port=8900, ready_path="/ping")


def environment(tmp_path: Path, *, offset: int = 1000) -> Environment:
    return Environment(root=tmp_path, home=Home(tmp_path / "home"), port_offset=offset)


def test_service_gets_its_settings_from_prefixed_env(tmp_path: Path):
    """Each service receives MUSICCORP_<NAME>_* host, port, public url, database, broker, environment, sha, instance."""
    topology = Topology(services=(ServiceSpec("order-history", "m:create_app", 8105, database=True),))
    child = plan_run(environment=environment(tmp_path), topology=topology).services[0]
    env = {key: value for key, value in child.env.items() if key.startswith("MUSICCORP_ORDER_HISTORY_")}
    assert env == {
        "MUSICCORP_ORDER_HISTORY_HOST": "127.0.0.1",
        "MUSICCORP_ORDER_HISTORY_PORT": "9105",
        "MUSICCORP_ORDER_HISTORY_PUBLIC_URL": "http://127.0.0.1:9105",
        "MUSICCORP_ORDER_HISTORY_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/home/data/order-history.db",
        "MUSICCORP_ORDER_HISTORY_NATS_URL": "nats://127.0.0.1:9422",
        "MUSICCORP_ORDER_HISTORY_ENVIRONMENT": "local",
        "MUSICCORP_ORDER_HISTORY_GIT_SHA": "unknown",
        "MUSICCORP_ORDER_HISTORY_INSTANCE_ID": "order-history-1",
    }
    assert child.argv[1:] == ("-m", "musiccorp.chassis.serve", "m:create_app", "--host", "127.0.0.1",
                              "--port", "9105")


def test_service_without_database_gets_no_database_url(tmp_path: Path):
    """database = false means no DATABASE_URL."""
    topology = Topology(services=(ServiceSpec("web", "m:f", 8000),))
    child = plan_run(environment=environment(tmp_path), topology=topology).services[0]
    assert "MUSICCORP_WEB_DATABASE_URL" not in child.env


def test_service_that_mails_gets_the_sinks_smtp_host_and_port(tmp_path: Path):
    """mail = true gives MUSICCORP_<NAME>_SMTP_HOST/PORT pointing at the mail sink; others get neither."""
    topology = Topology(services=(ServiceSpec("notifications", "m:f", 8110, mail=True),
                                  ServiceSpec("web", "m:f", 8000)))
    notifications, web = plan_run(environment=environment(tmp_path), topology=topology).services
    assert (notifications.env["MUSICCORP_NOTIFICATIONS_SMTP_HOST"],
            notifications.env["MUSICCORP_NOTIFICATIONS_SMTP_PORT"]) == ("127.0.0.1", "9025")
    assert not [key for key in web.env if key.startswith("MUSICCORP_WEB_SMTP")]


def test_mail_sink_runs_on_its_own_ports_with_mails_under_home(tmp_path: Path):
    """The sink is `python -m musiccorp.mailsink` on 8025/8026 plus the offset, ready by /health/ready."""
    child = mail_child(environment=environment(tmp_path, offset=3))
    assert child.argv[1:] == ("-m", "musiccorp.mailsink", "--smtp-port", "8028", "--http-port", "8029",
                              "--data-dir", str(tmp_path / "home" / "mail"))
    assert (child.url, child.ready_url) == ("http://127.0.0.1:8029", "http://127.0.0.1:8029/health/ready")


def test_broker_runs_jetstream_on_its_own_ports_never_4222(tmp_path: Path):
    """nats-server listens on 8422/8423 plus the offset, with its store under HOME/nats."""
    argv = broker_child(environment=environment(tmp_path, offset=0)).argv
    assert argv[1:] == ("-a", "127.0.0.1", "-p", "8422", "-m", "8423", "-js", "-sd",
                        str(tmp_path / "home" / "nats"), "-n", "musiccorp")
    assert "4222" not in argv


def test_every_port_is_claimed_with_its_owner(tmp_path: Path):
    """The pre-start port check covers the broker, the mail sink and every service."""
    topology = Topology(services=(ServiceSpec("catalog", "m:f", 8101),))
    claims = plan_run(environment=environment(tmp_path, offset=5), topology=topology).claims
    assert [(claim.port, claim.owner) for claim in claims] == [
        (8427, "nats"), (8428, "nats monitoring"), (8030, "mail SMTP"), (8031, "mail viewer"), (8106, "catalog"),
    ]


def test_bad_port_offset_is_one_readable_error(tmp_path: Path):
    """A non-numeric MUSICCORP_PORT_OFFSET is refused by name."""
    with pytest.raises(CliError, match="MUSICCORP_PORT_OFFSET must be a whole number"):
        Environment.from_environ(environ={"MUSICCORP_PORT_OFFSET": "ten"}, cwd=tmp_path)


def test_backoff_doubles_to_the_ceiling_and_resets_after_a_stable_run():
    """0.5 s doubling to 30 s; back to 0.5 s once the child stayed up for 60 s."""
    backoff = Backoff()
    delays = [backoff.next_delay() for _ in range(8)]
    assert delays == [0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0]
    backoff.note_uptime(59)
    assert backoff.next_delay() == 30.0
    backoff.note_uptime(60)
    assert backoff.next_delay() == 0.5


def test_a_service_that_uses_a_third_party_gets_its_url(tmp_path: Path):
    """uses = ["paybuddy"] gives MUSICCORP_<NAME>_PAYBUDDY_URL at the offset port; others get none."""
    topology = Topology(services=(ServiceSpec("payments", "m:f", 8106, uses=("paybuddy",)),
                                  ServiceSpec("web", "m:f", 8000)), providers=(PAYBUDDY,))
    payments, web = plan_run(environment=environment(tmp_path), topology=topology).services
    assert payments.env["MUSICCORP_PAYMENTS_PAYBUDDY_URL"] == "http://127.0.0.1:9900"
    assert payments.env["MUSICCORP_PAYMENTS_PUBLIC_URL"] == "http://127.0.0.1:9106"
    assert not [key for key in web.env if key.endswith("_PAYBUDDY_URL") and key.startswith("MUSICCORP_WEB_")]


def test_a_third_party_runs_as_python_m_module_probed_at_its_ready_path(tmp_path: Path):
    """python -m <module> --host 127.0.0.1 --port <port+offset>, ready at ready_path, log under HOME, third party."""
    plan = plan_run(environment=environment(tmp_path, offset=7), topology=Topology(services=(), providers=(PAYBUDDY,)))
    [child] = plan.providers
    assert child.argv[1:] == ("-m", "paybuddy", "--host", "127.0.0.1", "--port", "8907")
    assert (child.url, child.ready_url) == ("http://127.0.0.1:8907", "http://127.0.0.1:8907/ping")
    assert child.log_path == tmp_path / "home" / "logs" / "paybuddy.log"
    assert child.owner == "third party" and not [key for key in child.env if key.startswith("MUSICCORP_PAYBUDDY")]


def test_third_parties_are_planned_before_the_services(tmp_path: Path):
    """Their ports are claimed after the broker's and the sink's and before any service's; they start first."""
    topology = Topology(services=(ServiceSpec("payments", "m:f", 8106, uses=("paybuddy",)),), providers=(PAYBUDDY,))
    plan = plan_run(environment=environment(tmp_path, offset=0), topology=topology)
    assert [claim.owner for claim in plan.claims] == [
        "nats", "nats monitoring", "mail SMTP", "mail viewer", "paybuddy", "payments"]
    assert [child.name for child in plan.providers] == ["paybuddy"]
    assert [child.name for child in plan.services] == ["payments"]


def test_restart_backoff_can_be_capped_below_its_first_delay():
    """MUSICCORP_RESTART_MAX_DELAY=0.2 caps every delay, the first included (quick restarts for chaos runs)."""
    assert [Backoff.up_to(0.2).next_delay() for _ in range(2)] == [0.2, 0.2]
    capped = Backoff.up_to(2.0)
    assert [capped.next_delay() for _ in range(4)] == [0.5, 1.0, 2.0, 2.0]


def test_the_shutdown_line_counts_third_parties():
    """`down` and the supervisor say what they stopped, third parties included."""
    line = run_event_line(ShutDown(services=2, broker=True, mail=True, providers=1))
    assert line == "stopped 2 services, 1 third party, the mail sink and the broker"


PAYBUDDY_WITH_CREDENTIALS = ProviderSpec(name="paybuddy", module="paybuddy", port=8900, ready_path="/ping",
                                         secrets={"webhook_secret": "PAYBUDDY_WEBHOOK_SECRET"})


def test_secrets_are_generated_owner_only_and_handed_to_who_names_them(tmp_path: Path):
    """A service gets its own secret and the third party's credential it names; the third party gets the same
    credential under its own variable; nobody else gets either. Each is a file only the owner can read."""
    topology = Topology(services=(
        ServiceSpec("payments", "m:f", 8106, uses=("paybuddy",), secrets=("paybuddy.webhook_secret",)),
        ServiceSpec("web", "m:f", 8000, uses=("paybuddy",), secrets=("session_secret",)),
    ), providers=(PAYBUDDY_WITH_CREDENTIALS,))
    plan = plan_run(environment=environment(tmp_path), topology=topology)
    payments, web = plan.services
    [paybuddy] = plan.providers
    shared = payments.env["MUSICCORP_PAYMENTS_PAYBUDDY_WEBHOOK_SECRET"]
    assert paybuddy.env["PAYBUDDY_WEBHOOK_SECRET"] == shared and len(shared) >= 32
    assert len(web.env["MUSICCORP_WEB_SESSION_SECRET"]) >= 32 and web.env["MUSICCORP_WEB_SESSION_SECRET"] != shared
    assert "MUSICCORP_WEB_PAYBUDDY_WEBHOOK_SECRET" not in web.env
    assert "MUSICCORP_PAYMENTS_SESSION_SECRET" not in payments.env
    folder = tmp_path / "home" / "secrets"
    assert folder.stat().st_mode & 0o777 == 0o700
    assert sorted(path.name for path in folder.iterdir()) == ["paybuddy.webhook_secret", "web.session_secret"]
    assert all(path.stat().st_mode & 0o777 == 0o600 for path in folder.iterdir())


def test_a_run_keeps_the_secrets_of_the_runs_before(tmp_path: Path):
    """Secrets are made once and kept: a restarted storefront still reads the sessions it signed."""
    topology = Topology(services=(ServiceSpec("web", "m:f", 8000, secrets=("session_secret",)),))
    first = plan_run(environment=environment(tmp_path), topology=topology).services[0]
    again = plan_run(environment=environment(tmp_path), topology=topology).services[0]
    assert first.env["MUSICCORP_WEB_SESSION_SECRET"] == again.env["MUSICCORP_WEB_SESSION_SECRET"]
    other = plan_run(environment=environment(tmp_path / "elsewhere"), topology=topology).services[0]
    assert other.env["MUSICCORP_WEB_SESSION_SECRET"] != first.env["MUSICCORP_WEB_SESSION_SECRET"]
