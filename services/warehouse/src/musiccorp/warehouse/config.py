from pathlib import Path

from pydantic import Field

from musiccorp.chassis import ServiceSettings


class WarehouseSettings(ServiceSettings, env_prefix="MUSICCORP_WAREHOUSE_"):
    """Configuration of the warehouse service and of its standalone pickers (``MUSICCORP_WAREHOUSE_*``)."""

    port: int = 8107
    hold_seconds: int = Field(900, gt=0, description="How long a reservation holds stock unless confirmed.")
    sweep_interval_seconds: float = Field(5.0, gt=0, description="How often lapsed holds are expired.")
    pickers: int = Field(2, ge=0, description="Picker workers inside the service process (0: none).")
    pick_ack_wait_seconds: float = Field(30.0, gt=0, description="How long a picker may hold a job before the "
                                                                 "queue gives it to another picker.")
    pick_max_deliver: int = Field(5, ge=1, description="Failed attempts after which a pick job is dead-lettered.")
    picker_hold_file: Path | None = Field(
        None, description="Test seam for killing a picker mid-pick: a picker that took a job prints "
                          "'picking <order_id> <album_id>' and waits while this file exists. Unset in production.")
