"""The data-protection officer's pages."""

from asap.dataprotection.views.registers import (
    ActivityEditView,
    BreachEditView,
    BreachListView,
    RegisterView,
)
from asap.dataprotection.views.requests import ErasureView, SubjectAccessView
from asap.dataprotection.views.retention import ApplyReportView, IndexView, RetentionView

__all__ = [
    "ActivityEditView",
    "ApplyReportView",
    "BreachEditView",
    "BreachListView",
    "ErasureView",
    "IndexView",
    "RegisterView",
    "RetentionView",
    "SubjectAccessView",
]
