"""Reminders: policy (what is due), outbox (stored before delivery), dispatch, channels."""
