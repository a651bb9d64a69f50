"""Settings in one place: default paths, packaged data files, rounding, thresholds.

Every other module imports its defaults from here, so a number that shapes an output is
defined once. Paths are relative to the project folder (where ``make`` runs).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Final

# --------------------------------------------------------------------------- default paths

#: The corpus: a folder of .txt articles with metadata.csv and SHA256SUMS (never written).
RAW_DIR: Final = Path("data/raw")
#: Tables of the prepare stage: documents, sentences, tokens, glosses.
PROCESSED_DIR: Final = Path("data/processed")
#: Tables of the analyse stage: terms, keyness, frames, actors, quotes, tone.
ANALYSED_DIR: Final = Path("data/analysed")
#: Manual codings made for the study (e.g. frames_gold.csv).
ANNOTATIONS_DIR: Final = Path("data/annotations")
#: Figures the notebooks save (PNG and SVG).
FIGURES_DIR: Final = Path("figures")
#: The numbered notebooks.
NOTEBOOKS_DIR: Final = Path("notebooks")
#: The shareable HTML report.
REPORT_FILE: Final = Path("reports/outlet_comparison.html")
#: The notebook the report renders.
REPORT_NOTEBOOK: Final = NOTEBOOKS_DIR / "04_outlet_comparison.ipynb"
#: The reference frame coding, inside the annotations folder.
FRAMES_GOLD_FILE: Final = "frames_gold.csv"

# --------------------------------------------------------------------------- instruments

#: A study's instruments, in its folder: the terms map (term,variant), the frame codebook
#: (YAML), the actor table (actor,type,alias,resolve,group,note) and the reporting verbs.
INSTRUMENTS_DIR: Final = Path("instruments")
TERMS_MAP_FILE: Final = INSTRUMENTS_DIR / "terms.csv"
CODEBOOK_FILE: Final = INSTRUMENTS_DIR / "codebook.yaml"
ACTORS_FILE: Final = INSTRUMENTS_DIR / "actors.csv"
REPORTING_VERBS_FILE: Final = INSTRUMENTS_DIR / "reporting_verbs.csv"
#: Templates a new study starts from (``research-utils init``), shipped with the package.
TEMPLATES_DIR: Final = Path(str(resources.files("research_utils") / "data"))
#: The general-English reporting-verb lexicon shipped with the package.
PACKAGED_REPORTING_VERBS: Final = TEMPLATES_DIR / "reporting_verbs.csv"

# --------------------------------------------------------------------------- rounding

#: Decimals kept for float columns of written tables (byte-stable files).
FLOAT_DECIMALS: Final = 4
#: Significant digits kept for float columns declared ``significant`` (p-values).
SIGNIFICANT_DIGITS: Final = 6

# --------------------------------------------------------------------------- thresholds

#: G² critical values for one degree of freedom, by p (chi-squared upper tail).
G2_CRITICAL: Final = {0.05: 3.84, 0.01: 6.63, 0.001: 10.83, 0.0001: 15.13}
#: The significance level figures and readings use.
SIGNIFICANCE: Final = 0.05
#: VADER's conventional neutral band on the compound score: |compound| < this is neutral.
VADER_NEUTRAL_BAND: Final = 0.05
#: Word tokens a quotation needs to be a direct quote (shorter: a scare quote).
MIN_QUOTE_WORDS: Final = 3
