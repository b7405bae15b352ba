"""One client: the client page's summary, changes to the client record, and its huisverbod's follow-up."""
