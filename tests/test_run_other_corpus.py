"""The whole study on another corpus: three outlets, one command, no code edited.

Builds a small corpus of three outlets in a temporary folder (``.txt`` articles, a
``metadata.csv`` and ``SHA256SUMS``, as the README documents), runs
``research-utils run --raw DIR --out DIR``, and checks that every notebook ran to the end
on that corpus, wrote its tables and figures under ``--out``, and left the project's own
notebooks, tables and figures untouched.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from conftest import REPO, hash_tree

from research_utils.cli import main
from research_utils.corpus import write_manifest
from research_utils.notebooks import notebook_paths
from research_utils.tables import read_table

ARTICLES = {
    ("wire_1", "Global Wire", "2021-03-18"): (
        "China's internet regulator summoned Tencent, Alibaba and ByteDance on Thursday over "
        "“deepfake” technology. The Cyberspace Administration of China said the firms must carry "
        "out safety assessments. “Companies should fulfil their responsibilities,” the agency said."
    ),
    ("wire_2", "Global Wire", "2021-03-19"): (
        "Shares in Kuaishou fell after the summons. Analysts said regulators were tightening control "
        "of audio apps such as Clubhouse, which was blocked in February."
    ),
    ("daily_1", "Harbour Daily", "2021-03-19"): (
        "Authorities said new audio platforms could threaten national security and social order. "
        "Political scientist Wu Qiang said the party wanted to control public discourse before its "
        "centenary. Deepfakes can replace a person's face with someone else's likeness."
    ),
    ("daily_2", "Harbour Daily", "2021-03-20"): (
        "Xiaomi and NetEase Cloud Music were also named. The watchdog warned that inspections would increase."
    ),
    ("biz_1", "Business Times", "2021-03-19"): (
        "Regulators fined 12 companies last week for flouting monopoly rules. The summons adds to "
        "pressure on the tech sector after the halted initial public offering of Ant Group."
    ),
    ("biz_2", "Business Times", "2021-03-21"): (
        "“Fake news” rules ban streaming providers from using artificial intelligence to produce "
        "misleading videos, the regulation says."
    ),
}


def write_corpus(folder: Path) -> Path:
    """A valid three-outlet corpus folder in the documented format."""
    folder.mkdir(parents=True)
    with (folder / "metadata.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(
            ["doc_id", "file", "outlet", "country", "published", "section", "url", "language", "notes"]
        )
        for (doc_id, outlet, published), text in ARTICLES.items():
            (folder / f"{doc_id}.txt").write_text(text + "\n", encoding="utf-8")
            writer.writerow(
                [doc_id, f"{doc_id}.txt", outlet, "", published, "news", "", "en", "test article"]
            )
    write_manifest(folder)
    return folder


def project_state() -> dict[str, str]:
    return {
        f"{name}/{path}": digest
        for name in ("data", "figures", "notebooks")
        if (REPO / name).exists()
        for path, digest in hash_tree(REPO / name).items()
    }


@pytest.mark.skipif(not notebook_paths(REPO / "notebooks"), reason="no notebooks")
def test_run_writes_the_whole_study_for_three_outlets_under_out(tmp_path: Path) -> None:
    raw = write_corpus(tmp_path / "my_corpus")
    out = tmp_path / "results"
    before = project_state()

    assert main(["run", "--notebooks", str(REPO / "notebooks"), "--raw", str(raw), "--out", str(out)]) == 0

    assert project_state() == before, "run --out changed the project's own files"
    documents = read_table("documents", out / "processed")
    assert sorted(documents["outlet"].unique()) == ["Business Times", "Global Wire", "Harbour Daily"]
    assert len(documents) == len(ARTICLES)
    for notebook in notebook_paths(REPO / "notebooks"):
        executed = out / "notebooks" / notebook.name
        assert executed.is_file(), f"{notebook.name} was not executed into --out"
        cells = json.loads(executed.read_text(encoding="utf-8"))["cells"]
        errors = [o for c in cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
        assert not errors, f"{notebook.name}: {errors[0].get('ename')}: {errors[0].get('evalue')}"
        injected = [c for c in cells if "injected-parameters" in c.get("metadata", {}).get("tags", [])]
        assert injected and str(raw) in "".join(injected[0]["source"]), "parameters were not injected"
    figures = sorted(p.name for p in (out / "figures").glob("*.png")) if (out / "figures").exists() else []
    committed = sorted(p.name for p in (REPO / "figures").glob("*.png"))
    assert figures == committed, "the rerun did not produce the same set of figures as the study"


def test_run_refuses_raw_without_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw = write_corpus(tmp_path / "my_corpus")
    assert main(["run", "--raw", str(raw)]) == 2
    assert "--out" in capsys.readouterr().err
