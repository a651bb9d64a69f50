"""Execute the project's notebooks in number order, in place (nbclient).

Volatile metadata (execution timestamps) is not recorded, so re-executing an unchanged
notebook on the same inputs leaves the file byte-identical and ``git status`` clean.
"""

from __future__ import annotations

from pathlib import Path

from .io import write_text_atomic

DEFAULT_NOTEBOOKS = Path("notebooks")


def notebook_paths(folder: str | Path = DEFAULT_NOTEBOOKS) -> list[Path]:
    """The numbered notebooks (``NN_name.ipynb``) in ``folder``, in number order."""
    return sorted(p for p in Path(folder).glob("[0-9][0-9]_*.ipynb") if p.is_file())


#: The project's Jupyter kernel: the ``.venv`` interpreter (``make`` installs its spec).
KERNEL_NAME = "research-utils"


def execute_notebook(path: str | Path, timeout: int = 1200, kernel_name: str | None = None) -> Path:
    """Run every cell of ``path`` with its folder as working directory; save in place.

    The kernel is ``kernel_name``, else the notebook's own kernelspec, else
    :data:`KERNEL_NAME`. Raises ``nbclient.exceptions.CellExecutionError`` (file unchanged)
    if a cell fails.
    """
    import nbformat
    from nbclient import NotebookClient

    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name=kernel_name or nb.metadata.get("kernelspec", {}).get("name", KERNEL_NAME),
        record_timing=False,
        resources={"metadata": {"path": str(path.parent.resolve())}},
    )
    client.execute()
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    return write_text_atomic(path, nbformat.writes(nb) + "\n")
