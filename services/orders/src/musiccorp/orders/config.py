from pathlib import Path

from pydantic import Field

from musiccorp.chassis import ServiceSettings


class OrdersSettings(ServiceSettings, env_prefix="MUSICCORP_ORDERS_"):
    """Configuration of the orders service (``MUSICCORP_ORDERS_*``)."""

    port: int = 8105
    saga_step_attempts: int = Field(3, ge=1, description="Tries of a step before it fails for want of an answer")
    saga_first_retry_seconds: float = Field(1.0, gt=0, description="Wait after a step's first failed try")
    saga_max_retry_seconds: float = Field(5.0, gt=0, description="Longest wait between tries (also of undos)")
    saga_lease_seconds: float = Field(10.0, gt=0, description="How long a dead process keeps its sagas")
    saga_poll_seconds: float = Field(1.0, gt=0, description="How often the database is asked for due sagas")
    saga_max_in_flight: int = Field(64, ge=1, description="Saga calls in flight at once in one process")
    payments_timeout_seconds: float = Field(5.0, gt=0, description="Per-attempt timeout of a call to payments")
    crash_points_dir: Path | None = Field(
        None, description="Resilience-test seam: kill -9 at the saga's crash points armed in this folder")
