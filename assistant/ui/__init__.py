"""Gradio chat UI: handlers translate between Gradio and the Assistant; formatting is pure."""
