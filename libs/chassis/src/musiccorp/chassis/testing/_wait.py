"""Wait for an asynchronous outcome without guessing how long it takes."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable

__all__ = ["eventually"]


async def eventually(condition: Callable[[], bool | Awaitable[bool]], *, within: float = 5.0,
                     interval: float = 0.02, what: str = "the condition") -> None:
    """Poll ``condition`` until it holds; ``TimeoutError`` if it does not within ``within`` seconds.

    >>> await eventually(lambda: len(stub.requests) == 2, within=2.0)  # doctest: +SKIP
    """
    try:
        async with asyncio.timeout(within):
            while True:
                result = condition()
                if inspect.isawaitable(result):
                    result = await result
                if result:
                    return
                await asyncio.sleep(interval)
    except TimeoutError:
        raise TimeoutError(f"{what} did not hold within {within} s") from None
