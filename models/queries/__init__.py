"""Read-side queries: one module per section, each returning frozen view dataclasses."""
