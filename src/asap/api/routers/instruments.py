"""Instrument definitions and administrations with their answers."""

from ninja import Router

router = Router()
