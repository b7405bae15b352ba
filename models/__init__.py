"""Teambord's data model and domain rules: SQLModel tables and plain functions over a Session.

Nothing in this package imports Textual (checked by tests/test_architecture.py). Importing the
package itself is cheap; the tables live in submodules so the app can paint before SQLModel loads.
"""
