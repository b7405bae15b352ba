"""One client: the client page's summary and changes to the client record."""
