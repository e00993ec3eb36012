"""Evaluation harness: question sets, metrics, runner and report for Baken."""
