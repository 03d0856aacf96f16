"""Meetings (with their iCalendar file) and agreements."""

from ninja import Router

router = Router()
