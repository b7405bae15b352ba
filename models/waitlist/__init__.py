"""Wachtlijst (3): registrations through intake, advice and allocation, and the waiting-list figures."""
