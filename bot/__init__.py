"""Marsad (مرصد): a self-hosted news-alert bot for Telegram and Matrix."""

__version__ = "0.1.0"
