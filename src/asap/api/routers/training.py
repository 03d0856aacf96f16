"""Training events, participants, attendance, and certificate verification."""

from ninja import Router

router = Router()
