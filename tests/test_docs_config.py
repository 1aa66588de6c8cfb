"""The annotated tracker.example.toml and the README's variable table cannot drift from the code."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "tracker.example.toml"


def test_the_example_config_loads_through_every_real_loader_and_states_the_defaults(monkeypatch, tmp_path):
    from tracker.bot.settings import BotSettings, load_bot_settings
    from tracker.config import Settings, load_settings
    from tracker.reminders.config import ReminderConfig, reminder_config

    monkeypatch.setenv("TRACKER_CONFIG", str(EXAMPLE))
    monkeypatch.chdir(tmp_path)
    assert load_settings() == Settings()
    assert load_bot_settings() == BotSettings()
    assert reminder_config() == ReminderConfig()


def test_the_example_config_names_every_key_each_loader_accepts():
    import tomllib

    from tracker.bot.settings import BotSettings
    from tracker.config import Settings
    from tracker.reminders.config import ReminderConfig

    raw = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    assert set(raw) == {"tracker", "reminders", "bot"}
    assert set(raw["tracker"]) == {f.name for f in fields(Settings)} - {"raw"}
    assert set(raw["reminders"]) == {f.name for f in fields(ReminderConfig)}
    assert set(raw["bot"]) == {f.name for f in fields(BotSettings)}


def test_the_readme_variable_table_lists_every_tracker_variable_the_code_reads():
    sources = [ROOT / "cli.py", *sorted((ROOT / "tracker").rglob("*.py"))]
    names = set()
    for path in sources:
        names |= set(re.findall(r"""["'](TRACKER_[A-Z_]+)["']""", path.read_text(encoding="utf-8")))
    assert {"TRACKER_DB", "TRACKER_CONFIG", "TRACKER_DEBUG"} <= names  # the scan itself works
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("\n## Configuration\n"):]
    table = section[section.index("| variable | meaning |"):]
    table = table[:table.index("\n\n")]
    missing = sorted(n for n in names if f"`{n}`" not in table)
    assert not missing, f"README's variable table lacks {missing}"
