"""The shareable report: an executed notebook as one self-contained HTML page without code."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..files import write_text_atomic
from ..study import Study

TEMPLATES = Path(__file__).parent / "templates"


def render_report(
    notebook: str | Path, output: str | Path, *, study: Study | None = None, title: str | None = None
) -> Path:
    """Render an executed notebook of ``study`` as a self-contained HTML report for an editor.

    Uses nbconvert's JupyterLab template minus its CDN scripts (the package's
    ``templates/offline_report``), with figures embedded as data URIs, so the file opens
    offline and can be e-mailed or archived as it is. Around the notebook's readings and
    figures (code hidden, :class:`~.document.EditorPreprocessor`) it puts the study's title,
    question, byline and summary, and after them the sources, methods and caveats
    (:func:`~.document.report_matter`, computed from ``study``'s tables; default: the study
    of ``./study.yaml``). ``title`` replaces the study's title. The same notebook and tables
    give the same bytes.
    """
    from nbconvert import HTMLExporter

    from ..study import default_study
    from .document import EditorPreprocessor, report_matter

    notebook = Path(notebook)
    if not notebook.is_file():
        raise InputError(notebook, "notebook not found", "run `make run` first, or pass --notebook PATH")
    nb = read_notebook(notebook)
    matter = report_matter(study if study is not None else default_study(None), title=title)
    exporter = HTMLExporter(
        template_name="offline_report",
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
        exclude_anchor_links=True,
    )
    exporter.register_preprocessor(EditorPreprocessor(), enabled=True)
    html, _ = exporter.from_notebook_node(
        nb, resources={"metadata": {"name": matter.title}, "report": matter}
    )
    return write_text_atomic(output, html)


def read_notebook(path: Path):
    """The notebook at ``path`` (nbformat 4), or an :class:`InputError` naming the file when
    it is not a Jupyter notebook: not UTF-8, not JSON, not a notebook's JSON, or a notebook
    that does not follow the notebook format."""
    import json

    import nbformat

    fix = (
        "pass an executed Jupyter notebook (.ipynb), e.g. notebooks/04_outlet_comparison.ipynb "
        "after `research-utils notebooks`; if the notebook is damaged, run the notebooks again"
    )
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(path, f"not a Jupyter notebook: not UTF-8 text (byte {exc.start})", fix) from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(path, f"not a Jupyter notebook: not JSON ({exc.msg})", fix, line=exc.lineno) from exc
    if not isinstance(data, dict) or not isinstance(data.get("nbformat"), int):
        raise InputError(path, "not a Jupyter notebook: its JSON has no nbformat version", fix)
    try:
        nb = nbformat.reads(text, as_version=4)
        nbformat.validate(nb)
    except (ValueError, TypeError, KeyError, AttributeError, nbformat.ValidationError) as exc:
        # nbformat reports a damaged notebook with whichever of these its reader hits first
        problem = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
        raise InputError(path, f"not a valid Jupyter notebook: {problem}", fix) from exc
    return nb
