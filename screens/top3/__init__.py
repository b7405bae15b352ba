"""Top-3: the editor, the version comparison and how a version is drawn."""
