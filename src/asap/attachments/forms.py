"""The form that attaches a file: checked for size before it is read, and for its kind from
its bytes (`asap.attachments.filetypes`), so that a refused file re-renders the form with the
reason."""

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from asap.attachments import filetypes, services
from asap.cases.enums import Compartment
from asap.cases.forms import StyledForm
from asap.cases.validators import SharedTextMixin, check_shared_text
from asap.core.uploads import size_label


class AttachForm(SharedTextMixin, StyledForm):
    shared_text_fields = ("title",)
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("What the file is, in a few words (for example: signed consent form)."),
    )
    file = forms.FileField(label=_("File"), max_length=200)
    compartment = forms.ChoiceField(label=_("Who may read it"))

    def __init__(self, *args: Any, compartments: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Compartment.choices)
        self.fields["compartment"].choices = [(c, labels[c]) for c in compartments]
        self.fields["file"].help_text = _(
            "A PDF, a PNG or JPEG image, or an office document (Word, Excel, PowerPoint, "
            "OpenDocument), at most %(limit)s."
        ) % {"limit": size_label(settings.ASAP_ATTACHMENT_MAX_BYTES)}

    def shared_text_compartment(self, cleaned: dict) -> str:
        return cleaned.get("compartment", "")

    def clean_file(self) -> Any:
        """The size first (from the upload's headers, before any byte is read), then the
        kind, from the bytes."""
        upload = self.cleaned_data["file"]
        reason = services.refusal(upload.size)
        if reason:
            raise forms.ValidationError(reason)
        content = upload.read()
        reason = services.refusal(len(content))  # what arrived, not what was announced
        if reason:
            raise forms.ValidationError(reason)
        if filetypes.detect(content) is None:
            raise forms.ValidationError(services.NOT_ACCEPTED)
        self.content = content
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        upload = cleaned.get("file")
        applies = self.shared_text_access is not None and self.shared_text_applies(cleaned)
        if upload is not None and applies:
            errors = check_shared_text(
                None, {"file": upload.name}, ["file"], terms=self.shared_text_terms()
            )
            for name, error in errors.items():
                self.add_error(name, error)
        return cleaned


class RemoveForm(StyledForm):
    confirm = forms.BooleanField(
        label=_("Yes, remove this file. Nobody will be able to download it again."),
        required=True,
    )
