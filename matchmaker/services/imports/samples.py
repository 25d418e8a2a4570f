"""Template files to fill in: the header row and one example row, as CSV or XLSX."""

from __future__ import annotations

import csv
import io

from .validation import Spec


def template_csv(spec: Spec) -> bytes:
    """UTF-8 with BOM and semicolons: German Excel opens this with umlauts and columns intact."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(column.header for column in spec.columns)
    writer.writerow(column.example for column in spec.columns)
    return buffer.getvalue().encode("utf-8-sig")


def template_xlsx(spec: Spec) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Import"
    sheet.append([column.header for column in spec.columns])
    sheet.append([column.example for column in spec.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        sheet.column_dimensions[cell.column_letter].width = max(14, len(cell.value) + 4)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
