"""Views: how things look — runs (``render``, ``progress``, ``detach``) and logs (``logs``, ``logformat``,
``logview``). Views read ``supervision`` (run events, the state file, the topology); ``checks`` and ``broker``
use views."""
