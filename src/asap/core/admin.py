"""Admin changes leave audit rows like every other write."""

from typing import Any

from django.contrib import admin
from django.db import models, transaction
from django.http import HttpRequest

from asap.core import audit


class AuditedAdmin(admin.ModelAdmin):
    def save_model(self, request: HttpRequest, obj: models.Model, form: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit.record(
                actor=request.user,
                action=f"admin.{'change' if change else 'add'}",
                obj=obj,
                organisation_id=getattr(obj, "organisation_id", None),
                fields=form.changed_data,
            )

    def delete_model(self, request: HttpRequest, obj: models.Model) -> None:
        with transaction.atomic():
            audit.record(actor=request.user, action="admin.delete", obj=obj)
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet) -> None:
        # The admin's bulk "delete selected" action: one audit row per object, as one by one.
        with transaction.atomic():
            for obj in queryset:
                audit.record(actor=request.user, action="admin.delete", obj=obj)
            super().delete_queryset(request, queryset)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_formset(request, form, formset, change)
            for changed in formset.new_objects + [o for o, _f in formset.changed_objects]:
                audit.record(
                    actor=request.user,
                    action="admin.change",
                    obj=changed,
                    organisation_id=getattr(changed, "organisation_id", None),
                    fields=[],
                )
