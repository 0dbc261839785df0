"""Fusion on a local ``distributed`` cluster: the same events as the local run, from scratch and incrementally."""

from __future__ import annotations

import importlib.util
import json
import warnings
from pathlib import Path

import pytest

pytest.importorskip("dask.bag")
distributed = pytest.importorskip("distributed")

from sahel_ie.fusion import fuse, fuse_into  # noqa: E402
from sahel_ie.fusion.distributed import fuse_with_dask  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def synthetic(n: int, seed: int):
    spec = importlib.util.spec_from_file_location("fusion_data", ROOT / "benchmarks" / "fusion_data.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module.synthetic_extractions(n, seed=seed)[0]


@pytest.fixture(scope="module")
def client():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0")
        client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


def dicts(events):
    return [e.to_dict() for e in events]


def test_dask_fusion_equals_the_local_run(client):
    extractions = synthetic(1_500, seed=3)
    local = fuse(extractions)
    result = fuse_with_dask(extractions, client=client, reports_per_task=200)
    assert dicts(result.events) == dicts(local)
    assert len(result.new) == len(local)


def test_dask_incremental_fusion_equals_the_local_one(client, tmp_path):
    extractions = synthetic(1_200, seed=5)
    old = fuse(extractions[:800])
    local = fuse_into(extractions[800:], old)
    remote = fuse_with_dask(extractions[800:], client=client, existing=old, reports_per_task=150)
    assert dicts(remote.events) == dicts(local.events)
    assert sorted(remote.changed) == sorted(local.changed) and sorted(remote.new) == sorted(local.new)


def test_cli_runs_on_a_local_cluster(tmp_path):
    from sahel_ie.cli import main

    path = tmp_path / "out.jsonl"
    extractions = synthetic(300, seed=9)
    path.write_text("".join(json.dumps(x.to_dict()) + "\n" for x in extractions), encoding="utf-8")
    events = tmp_path / "events.jsonl"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert main(["fuse", str(path), "-o", str(events), "--dask-local", "1", "--quiet"]) == 0
    written = [json.loads(line) for line in events.read_text(encoding="utf-8").splitlines()]
    assert written == dicts(fuse(extractions))
