"""``python -m musiccorp.cli``: the same command as ``musiccorp`` (used for the daemon)."""

from musiccorp.cli.main import app

app(prog_name="musiccorp")
