"""Literature import: PubMed/MEDLINE XML, MEDLINE text, RIS and BibTeX into publications.

file -> ``detect`` (format from content) -> a streaming parser per format yielding plain
records (``records``) -> ``service.import_files`` (atomic upsert, search index, drug links)
-> report. The ``import_literature`` command and the admin upload page both call
``import_files``.
"""

from literature.importers.detect import FORMATS
from literature.importers.report import FileReport, ImportReport, Problem
from literature.importers.service import ImportSource, import_files

__all__ = ["FORMATS", "FileReport", "ImportReport", "ImportSource", "Problem", "import_files"]
