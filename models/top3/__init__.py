"""Top-3: a client's three most unsafe situations and the agreements, in versions."""
