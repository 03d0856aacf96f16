"""The data-protection officer's pages."""

from asap.dataprotection.views.decisions import DecideView, DecisionView, LetterView
from asap.dataprotection.views.registers import (
    ActivityEditView,
    BreachEditView,
    BreachListView,
    RegisterView,
)
from asap.dataprotection.views.requests import ErasureView, FindView, SubjectAccessView
from asap.dataprotection.views.retention import ApplyReportView, IndexView, RetentionView

__all__ = [
    "ActivityEditView",
    "ApplyReportView",
    "BreachEditView",
    "BreachListView",
    "DecideView",
    "DecisionView",
    "ErasureView",
    "FindView",
    "IndexView",
    "LetterView",
    "RegisterView",
    "RetentionView",
    "SubjectAccessView",
]
