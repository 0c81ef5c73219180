from tests.servers.fixtures import fast_telegram_standin, telegram_standin

__all__ = ["fast_telegram_standin", "telegram_standin"]
