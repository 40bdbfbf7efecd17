"""Batch grading."""
