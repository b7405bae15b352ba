"""Overdracht (6): the list, one handover's page, the form and the flows between them."""
