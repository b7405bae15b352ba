"""Teambord's application layer: the App, the command line, settings and database setup."""
