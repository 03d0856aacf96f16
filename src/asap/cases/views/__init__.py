"""Screens of the joint case, split by area: the case itself, agencies and workers, records."""
