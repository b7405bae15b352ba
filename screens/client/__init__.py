"""The client page (Enter on a client, or Ctrl+P and its code)."""
