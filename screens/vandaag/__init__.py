"""Vandaag (1)."""
