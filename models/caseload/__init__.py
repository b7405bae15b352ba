"""Caseload (4): who carries which clients, fase and trajectory moves."""
