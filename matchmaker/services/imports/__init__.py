"""Bulk import of candidate profiles and slots from CSV and XLSX: read, validate, stage, write.

`reading` turns bytes into rows, `values` parses cells, `candidates`/`slots` hold the column
layouts, `validation` checks a table, `batches` stages and writes all or nothing.
"""

from .batches import (
    SPECS,
    WEB_MAX_ROWS,
    AlreadyImported,
    ImportFailed,
    ImportRefused,
    check_batch,
    check_file,
    confirm,
    discard,
    import_rows,
    stage,
    write_rows,
)
from .lookups import Lookups, load_lookups
from .reading import ImportFileError, Table, read_table
from .samples import template_csv, template_xlsx
from .validation import Problem, Validation, validate_table

__all__ = [
    "SPECS",
    "WEB_MAX_ROWS",
    "AlreadyImported",
    "ImportFailed",
    "ImportFileError",
    "ImportRefused",
    "Lookups",
    "Problem",
    "Table",
    "Validation",
    "check_batch",
    "check_file",
    "confirm",
    "discard",
    "import_rows",
    "load_lookups",
    "read_table",
    "stage",
    "template_csv",
    "template_xlsx",
    "validate_table",
    "write_rows",
]
