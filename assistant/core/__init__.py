"""The bottom layer of Baken: data types, protocols and the user-facing error base.

Every other package may import ``assistant.core``; ``assistant.core`` imports none of them
(see docs/architecture.md and tests/unit/test_layers.py).
"""
