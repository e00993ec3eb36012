"""Baken: a local, private assistant for Dutch municipal public-order-and-safety staff."""

from assistant.offline import enforce_offline

enforce_offline()

__version__ = "0.1.0"
