"""What every section's screens share: the section base, forms, plain-text widgets, tables, footer, help."""
