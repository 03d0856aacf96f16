"""Fictional cases on which trainees practise the protocol's tools, apart from real data."""
