"""Persons, notes and the timeline of a case."""

from ninja import Router

router = Router()
