"""Writes of the data-protection officer's operations, each with its audit row."""
