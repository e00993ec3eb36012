"""Benchmarks: scripts that print measured figures (run them as modules)."""
