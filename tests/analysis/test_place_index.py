"""The precomputed place index (bot/analysis/data/place_index.json): what the analysis reads on its first call
instead of building the gazetteer's index (issue 11's model load). It must be exactly what the build gives from
the current data files and code, and a missing or stale file must give the same analysis, only slower."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path

from bot.analysis import analyze, place_index, places
from tests.conftest import ROOT, SEED_REPORT

REBUILD = "stale place index: run python scripts/build_place_index.py and commit bot/analysis/data/place_index.json"


def _gazetteer() -> list:
    return json.loads(resources.files("bot.analysis").joinpath("data", "gazetteer.json").read_text("utf-8"))["places"]


def test_the_shipped_file_is_what_the_script_builds_from_the_current_data():
    shipped = place_index.shipped()
    assert shipped is not None, REBUILD
    built = place_index.dump(places._build_tables(_gazetteer()), place_index.fingerprint())
    assert shipped == built, REBUILD


def test_the_analysis_reads_the_shipped_file():
    index = places._index()
    assert index.shipped, REBUILD
    assert index.size == len(_gazetteer())
    # the loaded index finds places as the analysis always did: a village by its Arabic name, a town by its English one
    assert "C4068" in {p.pcode for p in places.places_named("كفرنبل")}
    assert "Idlib" in {p.governorate for p in places.places_named("Saraqib")}


def test_the_file_is_the_same_whatever_the_hash_seed():
    # the build reads each place's names from a set: it must not depend on the set's (randomised) order
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run(
            [sys.executable, "scripts/build_place_index.py", "--check"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        assert run.returncode == 0, (run.stdout, run.stderr)


def test_a_file_from_other_sources_or_another_format_is_not_read():
    shipped = place_index.shipped()
    print_ = place_index.fingerprint()
    assert place_index.load(shipped, print_) is not None
    assert place_index.load(shipped, "0" * 64) is None  # the data or the code changed since the file was built
    assert place_index.load(shipped, None) is None  # a source could not be read: nothing to compare with
    assert place_index.load(shipped[: len(shipped) // 2], print_) is None  # cut short: no JSON
    other = shipped.replace(f'"format":{place_index.FORMAT},', f'"format":{place_index.FORMAT + 1},', 1)
    assert place_index.load(other, print_) is None


def test_the_fingerprint_covers_the_data_and_the_code_of_the_build():
    assert {"gazetteer.json", "place_aliases.tsv", "place_regions.tsv", "place_common.tsv", "place_context.tsv"} <= set(
        place_index.DATA
    )
    assert {"places.py", "normalize.py"} <= set(place_index.CODE)
    assert len(place_index.fingerprint()) == 64


def test_without_the_file_the_analysis_builds_the_same_index(tmp_path: Path):
    # A copy of the package without the precomputed file, in a fresh process: the index is built from the data
    # files, and the seed report reads exactly as with the shipped file.
    shutil.copytree(ROOT / "bot", tmp_path / "bot", ignore=shutil.ignore_patterns("__pycache__", place_index.FILE))
    code = (
        "import json, sys\n"
        "from bot.analysis import analyze, places\n"
        "text = open(sys.argv[1], encoding='utf-8').read()\n"
        "result = analyze(text).to_json()\n"
        "print(json.dumps({'shipped': places._index().shipped, 'file': places.__file__, 'result': result}))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    run = subprocess.run(
        [sys.executable, "-c", code, str(SEED_REPORT)], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    got = json.loads(run.stdout)
    assert got["file"].startswith(str(tmp_path))
    assert got["shipped"] is False
    assert got["result"] == analyze(SEED_REPORT.read_text("utf-8")).to_json()
