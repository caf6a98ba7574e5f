"""HAL on the wire (DESIGN §5): the media type every service's resources are served as.

>>> @router.get("/v1/things/{id}", response_model=ThingRead, response_class=HalResponse)  # doctest: +SKIP
"""

from __future__ import annotations

from starlette.responses import JSONResponse

__all__ = ["HAL_JSON", "HalResponse"]

HAL_JSON = "application/hal+json"


class HalResponse(JSONResponse):
    """A JSON body served as ``application/hal+json``; as ``response_class`` it documents routes as HAL."""

    media_type = HAL_JSON
