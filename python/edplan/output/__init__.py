# SPDX-License-Identifier: MIT
"""What a run gives a planner to read: the CSV files, the Excel workbook, the HTML report and
its charts, and the terminal summary. These modules read :class:`~edplan.Results`; nothing in
the chain depends on them."""

from .files import OUTPUTS, REPORT, WORKBOOK, atomic_write, write, write_report

__all__ = ["OUTPUTS", "REPORT", "WORKBOOK", "atomic_write", "write", "write_report"]
