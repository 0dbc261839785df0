"""Dask extraction on a local ``distributed`` cluster: same lines as the local run, part files, resume."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest

pytest.importorskip("dask.bag")
distributed = pytest.importorskip("distributed")

from sahel_ie.io.batch import extract_many  # noqa: E402
from sahel_ie.io.distributed import extract_with_dask, split_units  # noqa: E402
from sahel_ie.io.readers import read_articles  # noqa: E402

TEXTS = [
    "Gunmen killed 12 civilians in Djibo on Sunday, residents said.",
    "Suspected jihadists ambushed an army convoy near Gao on Monday, killing five soldiers.",
    "The weather in Niamey was hot and dry all week.",
    "An improvised explosive device killed three peacekeepers near Kidal on Tuesday.",
]


@pytest.fixture(scope="module")
def client():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                           dashboard_address=":0")
        client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


@pytest.fixture
def inputs(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    for i, text in enumerate(TEXTS):
        (root / f"t{i}.txt").write_text(text, encoding="utf-8")
    (root / "t1.meta.json").write_text('{"published": "2024-05-13"}', encoding="utf-8")
    (root / "zero.txt").write_bytes(b"")
    feed = [json.dumps({"text": text, "published": "2024-06-0%d" % (i + 1)}) for i, text in enumerate(TEXTS * 2)]
    feed.insert(3, "{not json")
    (root / "feed.jsonl").write_text("\n".join(feed) + "\n", encoding="utf-8")
    return root


def parts(folder: Path) -> list[dict]:
    return [json.loads(line) for part in sorted(folder.glob("part-*.jsonl"))
            for line in part.read_text(encoding="utf-8").splitlines()]


def test_jsonl_files_are_cut_into_line_ranges(inputs):
    units = list(split_units([inputs], lines_per_unit=4))
    feed = [u for u in units if u.path.endswith("feed.jsonl")]
    assert [(u.first_line, u.count) for u in feed] == [(1, 4), (5, 4), (9, 1)]


def test_dask_output_equals_the_local_run(client, inputs, tmp_path, nlp):
    out = tmp_path / "out"
    summary = extract_with_dask([inputs], out, client=client, partition_size=3)
    local = [e.to_dict() for e in extract_many(read_articles([inputs]), nlp=nlp)]
    assert parts(out) == local
    assert len(local) == 4 + 1 + 9
    assert summary.articles == len(local) and summary.partitions == len(list(out.glob("part-*.jsonl")))
    assert summary.partitions >= 4
    assert summary.errors == {"empty": 1, "malformed_json": 1}
    assert summary.failed_articles == 2
    assert summary.attacks == sum(len(r["attacks"]) for r in local)
    # a worker loads the pipeline once and reuses it for every partition it runs
    loads = client.run(lambda: __import__("sahel_ie.io.distributed", fromlist=["_PIPELINES"])._PIPELINES.__len__())
    assert set(loads.values()) <= {0, 1} and sum(loads.values()) >= 1


def test_resume_runs_only_missing_parts(client, inputs, tmp_path):
    out = tmp_path / "out"
    extract_with_dask([inputs], out, client=client, partition_size=3)
    before = parts(out)
    missing = sorted(out.glob("part-*.jsonl"))[1]
    missing.unlink()
    summary = extract_with_dask([inputs], out, client=client, partition_size=3, resume=True)
    assert summary.partitions - summary.skipped_partitions == 1
    assert parts(out) == before


def test_command_line_with_a_local_cluster(inputs, tmp_path, capsys):
    from sahel_ie.cli import main

    out = tmp_path / "parts"
    code = main(["extract", str(inputs), "-o", str(out), "--dask-local", "1", "--partition-size", "50"])
    err = capsys.readouterr().err
    assert code == 1  # the empty file and the broken JSONL line
    assert len(parts(out)) == 14
    assert "14 articles" in err and "partitions" in err
    assert main(["extract", str(inputs), "-o", str(tmp_path / "x.jsonl"), "--dask-local", "1"]) == 2


def test_hostile_inputs_on_dask_complete_with_every_input_accounted_for(client, tmp_path, nlp):
    from hostile_inputs import build

    root = tmp_path / "hostile"
    cases = build(root, long_sentence_chars=2_000)
    out = tmp_path / "out"
    summary = extract_with_dask([root], out, client=client, partition_size=4)
    local = [e.to_dict() for e in extract_many(read_articles([root]), nlp=nlp)]
    assert parts(out) == local  # surrogates replaced, deep JSON isolated, FIFO refused: same lines as local
    assert summary.articles == len(local) == sum(len(c.lines) for c in cases)
    assert not list(out.glob(".*.tmp"))


def test_a_partition_whose_task_fails_is_written_by_the_client(client, inputs, tmp_path):
    out = tmp_path / "out"
    summary = extract_with_dask([inputs], out, client=client, partition_size=5, model="/no/such/model")
    rows = parts(out)
    assert len(rows) == 14 and summary.articles == 14  # every input still has its line
    assert {e["kind"] for r in rows for e in r["errors"]} == {"processing_error", "empty", "malformed_json"}
    assert not list(out.glob(".*.tmp"))


def test_resume_with_another_partition_size_loses_nothing(client, inputs, tmp_path):
    out = tmp_path / "out"
    extract_with_dask([inputs], out, client=client, partition_size=3)
    before = parts(out)
    for part in sorted(out.glob("part-*.jsonl"))[::2]:
        part.unlink()
    summary = extract_with_dask([inputs], out, client=client, partition_size=7, resume=True)
    assert parts(out) == before
    assert summary.partition_size == 3 and summary.skipped_partitions >= 1


def test_resume_reruns_a_part_whose_input_changed(client, inputs, tmp_path):
    out = tmp_path / "out"
    extract_with_dask([inputs], out, client=client, partition_size=3)
    (inputs / "t9.txt").write_text(TEXTS[0], encoding="utf-8")  # a new article shifts the later partitions
    summary = extract_with_dask([inputs], out, client=client, partition_size=3, resume=True)
    rows = parts(out)
    assert len(rows) == 15 and summary.articles + summary.skipped == 15
    assert [r["doc_id"] for r in rows].count("t9") == 1


def test_the_run_options_of_a_local_run_hold_on_dask(client, inputs, tmp_path, nlp):
    """``--published``, ``--lang`` and ``--batch-chars`` give the lines a local run gives with them."""
    from sahel_ie.io.cli import add_extract_arguments  # noqa: F401  (the options the command line passes)

    out = tmp_path / "out"
    extract_with_dask([inputs], out, client=client, partition_size=3, published="2024-05-20", language="en",
                      batch_chars=80)
    articles = list(read_articles([inputs]))
    for article in articles:
        if article.published is None:
            article.published = "2024-05-20"
    local = [e.to_dict() for e in extract_many(articles, nlp=nlp, language="en", batch_chars=80)]
    assert parts(out) == local
    dated = [row for row in local if row["source"].get("path", "").endswith("t0.txt")]
    assert dated[0]["published"] == "2024-05-20"  # the fallback date reached the article with none
    assert dated[0]["attacks"][0]["date"]["value"] == "2024-05-19"  # "on Sunday" before that Monday


def test_resume_with_other_options_makes_every_part_again(client, inputs, tmp_path):
    out = tmp_path / "out"
    extract_with_dask([inputs], out, client=client, partition_size=3)
    summary = extract_with_dask([inputs], out, client=client, partition_size=3, resume=True, published="2024-05-20")
    assert summary.skipped_partitions == 0
    again = extract_with_dask([inputs], out, client=client, partition_size=3, resume=True, published="2024-05-20")
    assert again.skipped_partitions == again.partitions
