"""Prometheus metrics: RED (rate, errors, duration) per route, and ``/metrics``.

Names follow one scheme in every service (``musiccorp_<subsystem>_<what>_<unit>``)
so one dashboard serves them all (practice 8.10).
"""

from __future__ import annotations

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, Counter, Gauge, Histogram, generate_latest
from starlette.requests import Request
from starlette.responses import Response

__all__ = ["DB_COMMITS", "HTTP_DURATION", "HTTP_IN_FLIGHT", "HTTP_REQUESTS", "SERVICE_INFO", "metrics_endpoint"]


def _metric(kind, name: str, documentation: str, labels: tuple[str, ...], **kwargs):
    """Create a collector, or return the existing one when a test builds a second app."""
    existing = REGISTRY._names_to_collectors.get(name)  # noqa: SLF001 - the documented way to look up
    if existing is not None:
        return existing
    return kind(name, documentation, labels, **kwargs)


HTTP_REQUESTS = _metric(Counter, "musiccorp_http_requests_total",
                        "HTTP requests served, by route and status.", ("method", "route", "status"))
HTTP_DURATION = _metric(Histogram, "musiccorp_http_request_duration_seconds",
                        "Time to serve an HTTP request, by route.", ("method", "route"),
                        buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5))
HTTP_IN_FLIGHT = _metric(Gauge, "musiccorp_http_requests_in_flight",
                         "HTTP requests being served now.", ())
DB_COMMITS = _metric(Counter, "musiccorp_db_commits_total",
                     "Transactions committed to the service's own database (what each operation writes).", ())
SERVICE_INFO = _metric(Gauge, "musiccorp_service_info",
                       "Always 1; labels name the running service.", ("service", "version", "instance"))


async def metrics_endpoint(_request: Request) -> Response:
    return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)
