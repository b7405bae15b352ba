"""Wachtlijst (3): the shared waiting list and its step forms."""
