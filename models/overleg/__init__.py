"""Overleg (5): the weekly meeting's agenda, minutes, outcomes and actions."""
