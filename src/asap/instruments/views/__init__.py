"""Screens of the instruments: on a case (`case`), and for an organisation (`organisation`)."""
