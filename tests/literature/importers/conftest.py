"""Helpers for the import tests: run the real import service on files or bytes."""

import io
from pathlib import Path

import pytest

from literature.importers import ImportSource, import_files

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "import"


def run_import(*paths, **options):
    """Import files through the service, as the command does; returns the ImportReport."""
    handles = [open(p, "rb") for p in paths]  # noqa: SIM115 - closed below
    try:
        return import_files(
            sources=[ImportSource(Path(p).name, h) for p, h in zip(paths, handles, strict=True)], **options
        )
    finally:
        for h in handles:
            h.close()


def run_import_bytes(name: str, data: bytes, **options):
    return import_files(sources=[ImportSource(name, io.BytesIO(data))], **options)


@pytest.fixture
def fixtures_dir():
    return FIXTURES


@pytest.fixture
def real_dir(shared_dir):
    path = shared_dir / "data" / "real"
    if not path.is_dir():
        pytest.skip(f"{path} is missing: the real literature files are not beside this clone")
    return path
