"""Stage 5 — report: executed notebooks and a shareable HTML page.

Takes the numbered notebooks (which read the analysed tables and draw) and runs them with
papermill, in place or pointed at another corpus's results (:mod:`.notebooks`); renders an
executed notebook as one offline HTML page without code (:mod:`.html`).
"""

from .html import render_report
from .notebooks import execute_notebook, notebook_paths, run_notebooks

__all__ = ["execute_notebook", "notebook_paths", "render_report", "run_notebooks"]
