"""Checks around the assistant: question input, citations and claim support, refusals."""
