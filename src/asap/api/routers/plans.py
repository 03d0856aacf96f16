"""Action plans, their actions, and recidivism episodes."""

from ninja import Router

router = Router()
