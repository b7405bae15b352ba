"""The tables (SQLModel): one module per kind of record; the rules that change them live per section."""
