"""Pytest fixtures for Telegram: the fake Bot API server and the environment pointing at it.

Use in a test module with ``from tests.telegram_fixtures import *  # noqa: F403``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fake_bot_api import TOKEN, FakeBotApi

__all__ = ["TOKEN", "fake_api", "telegram_env"]


@pytest.fixture
def fake_api() -> Iterator[FakeBotApi]:
    """A fresh fake Bot API server on a free port of 127.0.0.1."""
    with FakeBotApi() as api:
        yield api


@pytest.fixture
def telegram_env(fake_api: FakeBotApi, monkeypatch: pytest.MonkeyPatch) -> FakeBotApi:
    """TRACKER_TELEGRAM_* set to reach the fake server directly (no proxy, nothing on the internet)."""
    monkeypatch.setenv("TRACKER_TELEGRAM_TOKEN", TOKEN)
    monkeypatch.setenv("TRACKER_TELEGRAM_API_URL", fake_api.url)
    for name in ("TRACKER_TELEGRAM_PROXY", "TRACKER_BOT_SECRET", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY",
                 "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    return fake_api
