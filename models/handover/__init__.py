"""Overdracht (6): handovers between workers, their acknowledgement and export."""
