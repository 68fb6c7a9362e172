# SPDX-License-Identifier: MIT
"""The notebooks show their charts as images, not as `<Figure size 1260x320 with 3 Axes>`.

edplan's charts are plain matplotlib Figures (no pyplot state), which Jupyter shows only once
the inline backend has registered its image formatter: each notebook starts with
`%matplotlib inline`. (nbmake runs the notebooks themselves in scripts/test.)
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_starts_with_the_inline_backend(notebook: Path) -> None:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    first = next(cell for cell in cells if cell["cell_type"] == "code")
    assert "".join(first["source"]).startswith("%matplotlib inline"), f"{notebook.name}: first code cell"


def test_an_edplan_chart_displays_as_an_image_after_the_magic(tmp_path: Path) -> None:
    """A Jupyter kernel shows a cell ending in an edplan chart as a PNG after the magic (and only
    as text without it, which is why the notebooks need it)."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    chart = "import edplan\nfrom edplan import plots\nplots.demand_capacity(edplan.Scenario.default().run())"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(chart),
                                         nbformat.v4.new_code_cell("%matplotlib inline\n" + chart)])
    nbclient.NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    shown = [sorted(key for out in cell.outputs for key in out.get("data", {})) for cell in nb.cells]
    assert shown == [["text/plain"], ["image/png", "text/plain"]]
