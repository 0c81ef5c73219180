"""Settings: defaults, environment over TOML, and one-line errors that name the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import load, load_event_gate
from bot.errors import ConfigError


def test_defaults_need_no_configuration(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    settings = load({})
    assert (settings.data_dir, settings.inbox, settings.feed_interval) == (Path("data"), Path("inbox"), 300)
    assert (settings.language, settings.http, settings.log_format) == ("ar", "127.0.0.1:8080", "text")
    assert settings.telegram_bot_token is None and settings.matrix_homeserver is None


def test_environment_wins_over_toml(tmp_path):
    toml = tmp_path / "marsad.toml"
    toml.write_text('feed_interval = 120\nlanguage = "en"\nadmins = ["tg:1", "@a:b.org"]\nhttp = "off"\n')
    settings = load({"MARSAD_FEED_INTERVAL": "600", "MARSAD_FETCH_ARTICLES": "yes"}, toml)
    assert settings.fetch_articles is True
    assert settings.feed_interval == 600
    assert settings.language == "en"
    assert settings.admins == ("tg:1", "@a:b.org")
    assert settings.http is None


def test_the_inbox_settle_time_is_seconds_default_two(tmp_path):
    assert load({}, None).inbox_settle == 2.0
    assert load({"MARSAD_INBOX_SETTLE": "0.5"}, None).inbox_settle == 0.5
    toml = tmp_path / "marsad.toml"
    toml.write_text("inbox_settle = 10\n")
    assert load({}, toml).inbox_settle == 10.0


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"MARSAD_FEED_INTERVAL": "soon"}, "MARSAD_FEED_INTERVAL: expected a whole number, got 'soon'"),
        ({"MARSAD_FEEDS_ALLOW_PRIVATE": "maybe"}, "MARSAD_FEEDS_ALLOW_PRIVATE: expected true or false"),
        ({"MARSAD_LANGUAGE": "fr"}, "MARSAD_LANGUAGE: expected one of ar, en"),
        ({"MARSAD_HTTP": "localhost"}, "MARSAD_HTTP: expected HOST:PORT or off"),
        ({"MARSAD_LOG_FORMAT": "xml"}, "MARSAD_LOG_FORMAT: expected one of text, json"),
        ({"MARSAD_RETENTION_DAYS": "0"}, "MARSAD_RETENTION_DAYS: expected at least 1"),
        ({"MARSAD_INBOX_SETTLE": "soon"}, "MARSAD_INBOX_SETTLE: expected a number of seconds, got 'soon'"),
        ({"MARSAD_INBOX_SETTLE": "-1"}, "MARSAD_INBOX_SETTLE: expected between 0 and 86400 seconds, got -1"),
        ({"MARSAD_INBOX_SETTLE": "nan"}, "MARSAD_INBOX_SETTLE: expected between 0 and 86400 seconds"),
        ({"TELEGRAM_API_URL": "ftp://x"}, "TELEGRAM_API_URL: expected an http(s) URL"),
        ({"MATRIX_HOMESERVER": "http://127.0.0.1:1"}, "MATRIX_USER_ID"),
        (
            {"MATRIX_HOMESERVER": "http://127.0.0.1:1", "MATRIX_USER_ID": "@bot:localhost"},
            "MATRIX_PASSWORD: set MATRIX_PASSWORD or MATRIX_ACCESS_TOKEN",
        ),
    ],
)
def test_bad_values_name_their_key(env, message):
    with pytest.raises(ConfigError) as info:
        load(env, None)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_a_malformed_token_is_refused_without_echoing_it():
    with pytest.raises(ConfigError) as info:
        load({"TELEGRAM_BOT_TOKEN": "secret value"})
    assert "secret" not in str(info.value)


def test_secrets_are_hidden_from_repr():
    settings = load({"TELEGRAM_BOT_TOKEN": "123456:ABCdefGHIjklMNOpqrSTUvwxYZ0123456789"})
    assert "ABCdef" not in repr(settings)
    assert settings.secrets == ("123456:ABCdefGHIjklMNOpqrSTUvwxYZ0123456789",)


def test_a_toml_file_saved_with_a_bom_is_read(tmp_path):
    toml = tmp_path / "marsad.toml"
    toml.write_bytes('\ufefflanguage = "en"\nfeed_interval = 120\n'.encode())
    settings = load({}, toml)
    assert (settings.language, settings.feed_interval) == ("en", 120)


def test_a_toml_file_not_in_utf8_is_a_one_line_config_error(tmp_path):
    toml = tmp_path / "marsad.toml"
    toml.write_bytes('language = "عربي"\n'.encode("cp1256"))
    with pytest.raises(ConfigError, match=r"marsad.toml: invalid TOML: not UTF-8"):
        load({}, toml)


def test_the_event_gate_setting_is_auto_on_or_off(tmp_path):
    assert load({}, None).event_gate == "auto" and load({}, None).event_gate_switch is None  # the weights file's
    for value, switch in (("auto", None), ("on", True), ("off", False), (" ON ", True)):
        settings = load({"MARSAD_EVENT_GATE": value}, None)
        assert (settings.event_gate, settings.event_gate_switch) == (value.strip().lower(), switch)
        assert load_event_gate({"MARSAD_EVENT_GATE": value}, None) == value.strip().lower()
    toml = tmp_path / "marsad.toml"
    toml.write_text('event_gate = "on"\n')
    assert load({}, toml).event_gate == "on" and load_event_gate({}, toml) == "on"
    assert load({"MARSAD_EVENT_GATE": "off"}, toml).event_gate == "off"  # the environment wins
    assert load_event_gate({}, None) == "auto"


def test_a_bad_event_gate_value_names_the_key_and_the_choices():
    message = "MARSAD_EVENT_GATE: expected one of auto, on, off, got 'strict'"
    with pytest.raises(ConfigError, match=message):
        load({"MARSAD_EVENT_GATE": "strict"}, None)
    with pytest.raises(ConfigError, match=message):
        load_event_gate({"MARSAD_EVENT_GATE": "strict"}, None)


def test_marsad_analyze_reads_the_event_gate_alone(tmp_path, monkeypatch):
    """``load_event_gate`` reads no other setting: an unrelated bad one does not stop ``marsad analyze``."""
    assert load_event_gate({"MARSAD_EVENT_GATE": "on", "MARSAD_FEED_INTERVAL": "soon"}, None) == "on"
    with pytest.raises(ConfigError, match="MARSAD_FEED_INTERVAL"):
        load({"MARSAD_EVENT_GATE": "on", "MARSAD_FEED_INTERVAL": "soon"}, None)
