"""The kinds of file a case takes, recognised from their content (`filetypes`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FileType(models.TextChoices):
    PDF = "pdf", _("PDF document")
    PNG = "png", _("PNG image")
    JPEG = "jpeg", _("JPEG image")
    DOCX = "docx", _("Word document")
    XLSX = "xlsx", _("Excel workbook")
    PPTX = "pptx", _("PowerPoint presentation")
    ODT = "odt", _("OpenDocument text")
    ODS = "ods", _("OpenDocument spreadsheet")
    DOC = "doc", _("Word 97-2003 document")
    XLS = "xls", _("Excel 97-2003 workbook")


# The Content-Type a download is served with: from the detected type, never the upload's.
MEDIA_TYPES = {
    FileType.PDF: "application/pdf",
    FileType.PNG: "image/png",
    FileType.JPEG: "image/jpeg",
    FileType.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileType.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    FileType.PPTX: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    FileType.ODT: "application/vnd.oasis.opendocument.text",
    FileType.ODS: "application/vnd.oasis.opendocument.spreadsheet",
    FileType.DOC: "application/msword",
    FileType.XLS: "application/vnd.ms-excel",
}

# The extensions a download's name may end with; another one gets the first of these added.
EXTENSIONS = {
    FileType.PDF: (".pdf",),
    FileType.PNG: (".png",),
    FileType.JPEG: (".jpg", ".jpeg"),
    FileType.DOCX: (".docx",),
    FileType.XLSX: (".xlsx",),
    FileType.PPTX: (".pptx",),
    FileType.ODT: (".odt",),
    FileType.ODS: (".ods",),
    FileType.DOC: (".doc",),
    FileType.XLS: (".xls",),
}
