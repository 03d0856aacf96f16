"""The work inbox of the token's account."""

from ninja import Router

router = Router()
