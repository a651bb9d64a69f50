"""`make report`: notebook 04 as one self-contained HTML page without code."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import REPO

from research_utils.cli import main

NOTEBOOK = REPO / "notebooks" / "04_outlet_comparison.ipynb"


def test_report_is_self_contained_without_code(tmp_path: Path) -> None:
    output = tmp_path / "reports" / "outlet_comparison.html"
    assert main(["report", "--notebook", str(NOTEBOOK), "--output", str(output)]) == 0
    html = output.read_text(encoding="utf-8")
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    n_figures = sum("image/png" in o.get("data", {}) for c in nb["cells"] for o in c.get("outputs", []))
    assert n_figures > 0
    assert html.count('src="data:image/png;base64,') == n_figures, "figures are not all embedded"
    assert not re.search(r"<script[^>]+src=", html), "the report loads scripts from elsewhere"
    assert not re.search(r"<link[^>]+href=\"https?:", html), "the report loads stylesheets from elsewhere"
    assert not re.search(r"<img[^>]+src=\"(?!data:)", html), "an image is not embedded"
    assert "save_figure(" not in html and "read_table(" not in html, "code cells are shown"
    assert "<title>How two outlets covered China&#39;s &#34;deepfake&#34; summons</title>" in html or (
        "<title>How two outlets covered China" in html
    ), "the title is the study's (study file), not the notebook's heading"
    assert "The differences side by side" in html


def test_report_names_a_missing_notebook(tmp_path: Path, capsys) -> None:
    status = main(
        ["report", "--notebook", str(tmp_path / "nope.ipynb"), "--output", str(tmp_path / "r.html")]
    )
    assert status == 2
    assert "nope.ipynb" in capsys.readouterr().err
    assert not (tmp_path / "r.html").exists()
