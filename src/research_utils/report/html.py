"""The shareable report: an executed notebook as one self-contained HTML page without code."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..files import write_text_atomic

TEMPLATES = Path(__file__).parent / "templates"


def render_report(notebook: str | Path, output: str | Path, *, title: str | None = None) -> Path:
    """Render an executed notebook as a self-contained HTML report, without code cells.

    Uses nbconvert's JupyterLab template minus its CDN scripts (the package's
    ``templates/offline_report``), with figures embedded as data URIs, so the file opens
    offline and can be e-mailed or archived as it is.
    """
    import nbformat
    from nbconvert import HTMLExporter

    notebook = Path(notebook)
    if not notebook.is_file():
        raise InputError(notebook, "notebook not found", "run `make run` first, or pass --notebook PATH")
    exporter = HTMLExporter(
        template_name="offline_report",
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )
    nb = nbformat.read(notebook, as_version=4)
    title = title or next(
        (line.lstrip("# ").strip() for cell in nb.cells if cell.cell_type == "markdown"
         for line in cell.source.splitlines() if line.startswith("# ")),
        notebook.stem,
    )  # fmt: skip
    html, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    return write_text_atomic(output, html)
