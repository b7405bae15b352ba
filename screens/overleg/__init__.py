"""Overleg (5): the agenda, its forms, the history and meeting mode (meeting_*.py, one part each)."""
