"""Evaluation dashboards, network reports and the stakeholder map."""
