"""Checks: judging a running system now — ``musiccorp status`` probes every child (``status``) with the
supervisor's own readiness and version probes (``supervision.probe``)."""
