"""Evaluation figures, with the same suppression of small numbers as the dashboards."""

from ninja import Router

router = Router()
