import json

from musiccorp.chassis.problems import PROBLEM_JSON


def test_info_serves_name_version_owner_and_git_sha(make_client):
    """/info tells who owns the service and which build runs."""
    info = make_client().get("/info").json()
    assert info["name"] == "example"
    assert info["version"] == "1.2.3"
    assert info["owner"] == "platform-team"
    assert info["on_call"] == "platform@musiccorp.example"
    assert info["git_sha"] == "abc123"


def test_liveness_and_readiness_pass_with_a_healthy_database(make_client):
    """/health/ready checks the database and answers 200 when it answers."""
    client = make_client()
    assert client.get("/health/live").status_code == 200
    ready = client.get("/health/ready")
    assert ready.status_code == 200
    assert ready.json()["checks"]["database"]["status"] == "pass"


def test_readiness_fails_when_a_dependency_fails(make_client):
    """A failing check makes /health/ready 503 and names the check."""
    async def broker_down():
        raise ConnectionError("broker unreachable")

    ready = make_client(checks={"broker": broker_down}).get("/health/ready")
    assert ready.status_code == 503
    assert ready.json()["checks"]["broker"] == {"status": "fail", "output": "broker unreachable"}


def test_correlation_id_is_minted_at_the_edge_and_echoed(make_client):
    """A request without X-Correlation-ID gets a fresh one back."""
    response = make_client().get("/v1/things/1")
    assert len(response.headers["x-correlation-id"]) == 32


def test_incoming_correlation_id_is_kept(make_client):
    """A caller's X-Correlation-ID is reused, not replaced."""
    response = make_client().get("/v1/things/1", headers={"X-Correlation-ID": "journey-42"})
    assert response.headers["x-correlation-id"] == "journey-42"


def test_access_log_line_carries_the_correlation_id(make_client, capfd):
    """Each request logs one JSON line with service, route, status and correlation id."""
    make_client().get("/v1/things/7", headers={"X-Correlation-ID": "journey-7"})
    lines = [json.loads(line) for line in capfd.readouterr().out.splitlines() if line.startswith("{")]
    access = [line for line in lines if line.get("event") == "request" and line.get("path") == "/v1/things/7"]
    assert access, lines
    assert access[0]["correlation_id"] == "journey-7"
    assert access[0]["service"] == "example"
    assert access[0]["status"] == 200


def test_metrics_count_requests_per_route_template(make_client):
    """RED metrics are labelled by route template, not by raw path."""
    client = make_client()
    client.get("/v1/things/1")
    client.get("/v1/things/2")
    metrics = client.get("/metrics").text
    assert 'musiccorp_http_requests_total{method="GET",route="/v1/things/{thing_id}",status="200"}' in metrics
    assert "musiccorp_http_request_duration_seconds_bucket" in metrics


def test_not_found_is_problem_json(make_client):
    """A Problem raised by a route becomes an RFC 9457 document."""
    response = make_client().get("/v1/things/404")
    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM_JSON
    body = response.json()
    assert body["type"].endswith("/thing-not-found")
    assert body["detail"] == "no thing 404"
    assert body["correlation_id"] == response.headers["x-correlation-id"]


def test_invalid_input_is_422_problem_json_naming_the_field(make_client):
    """A path parameter of the wrong type answers 422 with the location."""
    response = make_client().get("/v1/things/not-a-number")
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM_JSON
    assert response.json()["errors"][0]["location"] == "path.thing_id"


def test_unknown_route_is_problem_json(make_client):
    """Even a 404 for an unknown path is problem+json."""
    response = make_client().get("/nowhere")
    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM_JSON


def test_unexpected_error_is_500_problem_without_a_stack_trace(make_client):
    """An unhandled exception answers 500 problem+json and leaks no internals."""
    response = make_client().get("/v1/things/500")
    assert response.status_code == 500
    assert response.headers["content-type"] == PROBLEM_JSON
    assert "caught fire" not in response.text
    assert "Traceback" not in response.text
