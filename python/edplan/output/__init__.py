# SPDX-License-Identifier: MIT
"""What a run gives a planner to read: the CSV files, the Excel workbook, the HTML report and
its charts, and the terminal summary. These modules read :class:`~edplan.Results`; nothing in
the chain depends on them."""

from .files import MANIFEST, OUTPUTS, REPORT, WORKBOOK, atomic_write, spreadsheet_safe, write, write_report

__all__ = ["MANIFEST", "OUTPUTS", "REPORT", "WORKBOOK", "atomic_write", "spreadsheet_safe", "write", "write_report"]
