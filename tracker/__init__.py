"""tracker: keeps a commune's administrative-reform plan on schedule."""

__version__ = "0.1.0"
