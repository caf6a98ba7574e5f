from musiccorp.chassis import ServiceSettings


class NotificationsSettings(ServiceSettings, env_prefix="MUSICCORP_NOTIFICATIONS_"):
    """Configuration of the notifications service (``MUSICCORP_NOTIFICATIONS_*``)."""

    port: int = 8104
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 8025
    mail_from: str = "MusicCorp Records <hello@musiccorp.example>"
    send_interval: float = 0.25
