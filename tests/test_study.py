"""A study is a folder the user owns: study file, instruments, line filters, init."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import REPO, write_corpus

from research_utils.cli import main
from research_utils.errors import InputError
from research_utils.ingest import read_corpus
from research_utils.ingest.clean import DEFAULT_LINE_FILTERS, filter_lines
from research_utils.pipeline.init import init_study
from research_utils.study import Study, default_study, read_study


def test_the_projects_own_study_is_the_default_study(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    study = default_study()
    assert study.title.startswith("How two outlets covered")
    assert study.outlet_order == ("Apple Daily", "Taipei Times")
    assert study.frame_coding == "reference" and study.frames_reference is not None
    for path in (study.corpus, study.codebook, study.actors, study.terms_map, study.frames_reference):
        assert path is not None and path.exists(), path


def test_without_a_study_file_the_standard_layout_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    study = default_study()
    assert (
        study.file is None and study.corpus == Path("data/raw") and study.processed == Path("data/processed")
    )


def _write(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "study.yaml"
    path.write_text(text, encoding="utf-8")
    return path


MINIMAL = """title: Floods
corpus:
  path: raw
instruments:
  codebook: codebook.yaml
  actors: actors.csv
"""


def test_a_minimal_study_file_gets_the_documented_defaults(tmp_path: Path) -> None:
    study = read_study(_write(tmp_path, MINIMAL))
    assert study == Study(
        root=tmp_path,
        file=tmp_path / "study.yaml",
        title="Floods",
        corpus=tmp_path / "raw",
        codebook=tmp_path / "codebook.yaml",
        actors=tmp_path / "actors.csv",
        processed=tmp_path / "data/processed",
        analysed=tmp_path / "data/analysed",
        figures=tmp_path / "figures",
        notebooks=tmp_path / "notebooks",
        report=tmp_path / "reports/report.html",
        coding=tmp_path / "coding",
    )
    assert study.line_filters == DEFAULT_LINE_FILTERS


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            MINIMAL.replace("corpus:", "corpus:\n  colums: {text: body}"),
            "corpus.colums is not a key of this section",
        ),
        (MINIMAL + "titel: x\n", "titel is not a key"),
        (MINIMAL.replace("title: Floods\n", ""), "title is missing"),
        (MINIMAL + "outlets:\n  colours: {A: not-a-colour}\n", "'not-a-colour' for 'A' is not a colour"),
        (MINIMAL + "outlets:\n  order: [A, A]\n", "outlets.order lists a name twice"),
        (MINIMAL + "findings:\n  frame_coding: reference\n", "annotations: frames names no coding"),
        (MINIMAL + "findings:\n  frame_coding: gold\n", "findings.frame_coding is 'gold'"),
        (MINIMAL + "analysis:\n  keyness_min_freq: 0\n", "analysis.keyness_min_freq is 0"),
        (
            MINIMAL.replace("path: raw", "path: raw\n  line_filters: [{pattern: '('}]"),
            "is not a regular expression",
        ),
        ("title: [\n", "not valid YAML"),
    ],
)
def test_a_bad_study_file_is_refused_naming_the_key(tmp_path: Path, text: str, message: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(InputError, match=r"study\.yaml") as caught:
        read_study(path)
    assert message in str(caught.value)
    assert "fix:" in str(caught.value)


def test_the_command_line_refuses_a_bad_study_file_with_one_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(tmp_path, MINIMAL + "titel: x\n")
    assert main(["analyse", "--study", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "titel is not a key" in err and "Traceback" not in err and err.count("\n") <= 3


def test_default_line_filters_remove_web_noise_and_keep_prose() -> None:
    text = (
        "BEIJING • The council said on Monday that rates would rise.\n"
        "Advertisement\n"
        "By Jane Doe and John Smith\n"
        "Related: How the bridge was closed\n"
        "By Monday, Reuters had counted 40 flooded homes.\n"
        "Related to the floods is the question of insurance, which the council will debate.\n"
        "Photo: Council handout\n"
        "The US Army said it would help.\n"
        "© 2024 The Valley Post\n"
    )
    kept, removed = filter_lines(text, DEFAULT_LINE_FILTERS)
    assert kept == (
        "The council said on Monday that rates would rise.\n"
        "By Monday, Reuters had counted 40 flooded homes.\n"
        "Related to the floods is the question of insurance, which the council will debate.\n"
        "The US Army said it would help.\n"
    )
    assert [(r["line"], r["filter"]) for r in removed] == [
        (1, "dateline"),
        (2, "advertisement"),
        (3, "byline"),
        (4, "teaser"),
        (7, "photo credit"),
        (9, "copyright"),
    ]


def test_filtered_lines_are_listed_and_never_reach_the_tokens(tmp_path: Path) -> None:
    raw = write_corpus(tmp_path / "raw")
    article = raw / "wire_1.txt"
    article.write_text(
        "BEIJING • " + article.read_text(encoding="utf-8") + "Advertisement\n", encoding="utf-8"
    )
    from research_utils.ingest import write_manifest

    write_manifest(raw)
    corpus = read_corpus(raw, line_filters=DEFAULT_LINE_FILTERS)
    text = corpus.documents.set_index("doc_id").loc["wire_1", "text"]
    assert not text.startswith("BEIJING") and "Advertisement" not in text
    assert corpus.filtered_lines[["doc_id", "line", "filter"]].to_numpy().tolist() == [
        ["wire_1", 1, "dateline"],
        ["wire_1", 2, "advertisement"],
    ]
    assert read_corpus(raw).filtered_lines.empty  # no filters: nothing removed


def test_a_one_file_corpus_reads_its_dates_with_the_study_date_format(tmp_path: Path) -> None:
    from research_utils.ingest import write_manifest

    path = tmp_path / "export.jsonl"
    rows = [{"id": "a", "source": "Valley Post", "date": "19/03/2024", "body": "Rain fell. The river rose."}]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    write_manifest(path)
    columns = {"doc_id": "id", "outlet": "source", "published": "date", "text": "body"}
    corpus = read_corpus(path, columns=columns, date_format="%d/%m/%Y")
    assert corpus.documents["published"].tolist() == ["2024-03-19"]
    with pytest.raises(InputError, match="not a date in the expected form"):
        read_corpus(path, columns=columns)


@pytest.mark.parametrize("value", ["20210319", "2021-W11-5", "2021-3-19"])
def test_published_dates_are_strictly_year_month_day(tmp_path: Path, value: str) -> None:
    raw = write_corpus(tmp_path / "raw")
    meta = raw / "metadata.csv"
    meta.write_text(meta.read_text(encoding="utf-8").replace("2021-03-18", value), encoding="utf-8")
    from research_utils.ingest import write_manifest

    write_manifest(raw)
    with pytest.raises(InputError, match=f"published date '{value}'"):
        read_corpus(raw)


def test_init_writes_a_study_folder_with_the_studys_own_instruments(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    path = init_study(tmp_path / "floods", corpus=corpus)
    study = read_study(path)
    assert study.title == "Floods" and study.corpus.resolve() == corpus.resolve()
    for instrument in (study.codebook, study.actors, study.terms_map, study.reporting_verbs):
        assert instrument is not None and instrument.is_file()
    assert sorted(p.name for p in study.notebooks.glob("*.ipynb"))[0].startswith("01_")
    text = "\n".join(p.read_text(encoding="utf-8") for p in (tmp_path / "floods").rglob("*") if p.is_file())
    for word in ("Apple Daily", "Taipei Times", "Cyberspace", "deepfake", "two articles"):
        assert word not in text, word


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(InputError, match="not an empty folder"):
        init_study(tmp_path / "taken")
    assert [p.name for p in (tmp_path / "taken").iterdir()] == ["notes.txt"]
