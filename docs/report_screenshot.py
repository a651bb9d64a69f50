"""Write docs/report_screenshot.png: the top of the study's report as headless Chromium shows it.

Run from the repository root after the notebooks ran (the README shows the picture):

    .venv/bin/python docs/report_screenshot.py

Renders the report of ./study.yaml from notebooks/04_outlet_comparison.ipynb into a
temporary folder (the study's own report is left as it is), opens it in Chromium
(``$CHROMIUM`` or ``chromium`` on PATH) and saves the first screen, 1200 × 1500 pixels.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

from research_utils.report import render_report
from research_utils.study import default_study

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "docs" / "report_screenshot.png"


def main() -> int:
    """Render, open, screenshot; returns the exit status."""
    from playwright.sync_api import sync_playwright

    chromium = next(
        filter(None, map(shutil.which, filter(None, [os.environ.get("CHROMIUM"), "chromium"]))), None
    )
    study = default_study(ROOT)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        html = render_report(
            study.notebooks / "04_outlet_comparison.ipynb", Path(tmp) / "report.html", study=study
        )
        browser = pw.chromium.launch(executable_path=chromium, args=["--headless", "--no-sandbox"])
        page = browser.new_page(viewport={"width": 1200, "height": 1500})
        page.goto(html.as_uri())
        page.screenshot(path=str(OUTPUT))
        browser.close()
    print(f"wrote {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
