"""Multi-agency standard agreements, organisation level and case level."""
