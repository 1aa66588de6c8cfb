"""The annotated tracker.example.toml and the README's variable table cannot drift from the code."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "tracker.example.toml"


def test_the_example_config_loads_through_every_real_loader_and_states_the_defaults(monkeypatch, tmp_path):
    from tracker.bot.settings import BotSettings, load_bot_settings
    from tracker.config import ConfigFile, Settings, load_config, load_settings
    from tracker.reminders.config import ReminderConfig, reminder_config

    monkeypatch.setenv("TRACKER_CONFIG", str(EXAMPLE))
    monkeypatch.chdir(tmp_path)
    assert load_config() == ConfigFile()
    assert load_settings() == Settings()
    assert load_bot_settings() == BotSettings()
    assert reminder_config() == ReminderConfig()


def test_the_example_config_names_every_key_of_every_table_model_with_its_default():
    import tomllib

    from tracker.config import ConfigFile
    from tracker.configmodel import FILE_CONTEXT

    raw = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    assert set(raw) == set(ConfigFile.model_fields)
    for table, table_field in ConfigFile.model_fields.items():
        model = table_field.annotation
        assert model is not None
        assert set(raw[table]) == set(model.model_fields), table
        for key, field in model.model_fields.items():
            # Each key alone, as written in the example, must give the model's default (a range or a default
            # changed in the code and not in the example would leave the reference wrong).
            value = getattr(model.model_validate({key: raw[table][key]}, context=FILE_CONTEXT), key)
            assert value == field.default, f"[{table}] {key} = {raw[table][key]!r} in the example, {field.default!r}"


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
