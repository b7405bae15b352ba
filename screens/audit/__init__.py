"""The audit overview for a coordinator (Ctrl+P "Auditoverzicht")."""
