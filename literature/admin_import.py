"""The admin's "Import literature" page: upload a file, get the same report as the command.

Reached from the Publication changelist (``PublicationAdmin.get_urls`` adds the URL, the
changelist template the button). It calls the one import service, ``import_files``, with
the options of ``manage.py import_literature``.

Who: staff who may add and change publications (the Curators group may). Uploads larger
than ``LITERATURE_IMPORT_MAX_UPLOAD_SIZE`` bytes (default 100 MB) are stopped while they
arrive, before they fill the disk, and refused with a message; bigger files go through
the command on the server.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.template.response import TemplateResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from drugs.selectors import resolve_drug
from literature.importers import FORMATS, ImportSource, import_files
from literature.importers.report import report_lines

DEFAULT_MAX_UPLOAD_SIZE = 100 * 1024 * 1024
REQUIRED_PERMISSIONS = ("literature.add_publication", "literature.change_publication")


def max_upload_size() -> int:
    return int(getattr(settings, "LITERATURE_IMPORT_MAX_UPLOAD_SIZE", DEFAULT_MAX_UPLOAD_SIZE))


class SizeLimitUploadHandler(FileUploadHandler):
    """Stops an upload as soon as it passes the limit, instead of storing it and refusing it afterwards."""

    def __init__(self, request, limit: int):
        super().__init__(request)
        self.limit = limit

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limit:
            self.request.import_upload_too_large = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None


class ImportForm(forms.Form):
    file = forms.FileField(
        help_text="PubMed/MEDLINE XML (gzipped or not), MEDLINE text (.nbib), RIS or BibTeX, in UTF-8."
    )
    format = forms.ChoiceField(
        choices=[("auto", "Detect from the content"), *[(f, f) for f in FORMATS]],
        initial="auto",
        help_text="Leave on 'Detect' unless you want the import to refuse any other format.",
    )
    drug = forms.CharField(
        required=False,
        max_length=200,
        help_text="Link records that name this drug (any name or slug, e.g. Gleevec) to it, as pending links "
        "to confirm; the report counts the records that do not name it.",
    )
    link_drugs = forms.BooleanField(
        required=False,
        label="Link to every drug named",
        help_text="Link records to every drug they name (title, abstract, MeSH headings, substances, keywords).",
    )
    dry_run = forms.BooleanField(
        required=False, help_text="Read, match and report everything, but write nothing."
    )

    def __init__(self, *args, too_large: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.too_large = too_large

    def clean_drug(self):
        name = self.cleaned_data["drug"].strip()
        if not name:
            return None
        drug = resolve_drug(name)
        if drug is None:
            raise forms.ValidationError(f"No drug is called '{name}'.")
        return drug

    def clean(self):
        cleaned = super().clean()
        if self.too_large:
            self.errors.pop("file", None)
            limit_mb = max_upload_size() / (1024 * 1024)
            raise forms.ValidationError(
                f"The file is larger than the upload limit of {limit_mb:g} MB and was not imported. "
                "Split it, or import it on the server with: python manage.py import_literature FILE"
            )
        return cleaned


def import_urls(model_admin) -> list:
    """The URL ``PublicationAdmin.get_urls`` adds: admin:literature_publication_import."""
    info = model_admin.model._meta.app_label, model_admin.model._meta.model_name

    @csrf_exempt  # the upload handler must be in place before the CSRF check reads the body...
    def view(request):
        request.upload_handlers.insert(0, SizeLimitUploadHandler(request, max_upload_size()))
        return protected_view(request)

    @csrf_protect  # ...so CSRF is checked here instead, with the handler already installed
    def protected_view(request):
        return import_view(request, model_admin)

    return [path("import/", model_admin.admin_site.admin_view(view), name=f"{info[0]}_{info[1]}_import")]


def import_view(request, model_admin):
    if not request.user.has_perms(REQUIRED_PERMISSIONS):
        raise PermissionDenied
    report = lines = None
    if request.method == "POST":
        form = ImportForm(
            request.POST, request.FILES, too_large=getattr(request, "import_upload_too_large", False)
        )
        if form.is_valid():
            upload = form.cleaned_data["file"]
            drug = form.cleaned_data["drug"]
            report = import_files(
                sources=[ImportSource(upload.name, upload.file, upload.size)],
                fmt=form.cleaned_data["format"],
                drug_ids=[drug.pk] if drug else None,
                link_drugs=form.cleaned_data["link_drugs"],
                dry_run=form.cleaned_data["dry_run"],
            )
            lines = list(report_lines(report, verbose=True))
    else:
        form = ImportForm()
    # The command's lines: per-file summaries as admin messages, skipped/failed records listed under them.
    summaries = [(level, line) for level, line in lines or [] if not line.startswith("  ")]
    details = [line.strip() for _, line in lines or [] if line.startswith("  ")]
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "Import literature",
        "form": form,
        "report": report,
        "summaries": summaries,
        "details": details,
        "max_upload_mb": max_upload_size() / (1024 * 1024),
    }
    return TemplateResponse(request, "admin/literature/publication/import.html", context)
