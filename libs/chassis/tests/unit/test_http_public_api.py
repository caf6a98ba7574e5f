"""The public surface of the HTTP client and of the test support: __all__, docstrings, the error tree."""

import pytest

import musiccorp.chassis.http as http
import musiccorp.chassis.testing as testing
from musiccorp.chassis.discovery import ServiceNotFound


@pytest.mark.parametrize("package", [http, testing], ids=["http", "testing"])
def test_all_lists_documented_public_names(package):
    """Every name in __all__ exists and has a docstring; no private module leaks into it."""
    for name in package.__all__:
        assert getattr(package, name).__doc__, name
    assert not [name for name in package.__all__ if name.startswith("_")]


def test_every_unavailability_is_a_remote_call_error():
    """The errors form the tree the package docstring draws."""
    for error in (http.CircuitOpen, http.BulkheadFull, http.CallTimeout, http.ConnectionFailed,
                  http.NoLiveInstance):
        assert issubclass(error, http.DownstreamUnavailable)
    assert issubclass(http.DownstreamUnavailable, http.RemoteCallError)
    assert issubclass(http.UnexpectedAnswer, http.RemoteCallError)
    assert not issubclass(http.UnexpectedAnswer, http.DownstreamUnavailable)
    assert issubclass(ServiceNotFound, LookupError)


def test_error_message_starts_with_the_downstream():
    """Every remote-call error names its downstream first."""
    error = http.CircuitOpen("catalog", "circuit open")
    assert (str(error), error.downstream) == ("catalog: circuit open", "catalog")
