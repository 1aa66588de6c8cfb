"""Delivery channels. Each is one module implementing tracker.reminders.channels.base.Channel."""
