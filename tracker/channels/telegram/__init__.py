"""The telegram channel."""
