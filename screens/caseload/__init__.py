"""Caseload (4): load per worker and the trajectory forms."""
