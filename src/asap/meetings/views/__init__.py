"""Screens of the meetings app: `case` (under /cases/<pk>/meetings/) and `team` (Phase 1
team meetings, under /meetings/)."""
