"""CLI command groups living in their own modules; each exposes register(cli)."""
