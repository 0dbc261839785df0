"""Fusion on Dask: the independent segments (``blocking.segments``) fused on workers, same events as locally.

The client reads the batch output, derives the reports and cuts them into blocks with no candidate pair
between them (per country, dates that cannot reach each other; an earlier event is never cut). Blocks are
packed into tasks of about ``reports_per_task`` reports; each task ships its members (the records and
provenance, as dicts) to a worker, which fuses each block exactly as ``fuse`` does and sends the events
back. Within a block the grouping is deterministic, so the union of the tasks' events equals the local
run's. Dask is imported only here.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Sequence

from sahel_ie.events import Event, Member

DEFAULT_REPORTS_PER_TASK = 5_000


def fuse_task(blocks: list[tuple[list[dict], dict[int, str], list[list[int]]]]) -> list[dict]:
    """Worker side: fuse each block of member dicts; events as dicts."""
    from sahel_ie.fusion import fuse_reports
    from sahel_ie.fusion.reports import report_from_member

    out: list[dict] = []
    for members, locked, seeds in blocks:
        reports = [report_from_member(Member.from_dict(m)) for m in members]
        out.extend(e.to_dict() for e in fuse_reports(reports, locked={int(k): v for k, v in locked.items()},
                                                     seeds=seeds))
    return out


def pack(blocks: Sequence[tuple[list[int], dict, list]], reports_per_task: int) -> list[list[int]]:
    """Block numbers grouped into tasks of about ``reports_per_task`` reports (a big block goes alone)."""
    tasks: list[list[int]] = []
    current: list[int] = []
    size = 0
    for n, (block, _, _) in enumerate(blocks):
        if current and size + len(block) > reports_per_task:
            tasks.append(current)
            current, size = [], 0
        current.append(n)
        size += len(block)
    if current:
        tasks.append(current)
    return tasks


def fuse_with_dask(inputs: Iterable[Any], client: Any, existing: Sequence[Event] | None = None,
                   reports_per_task: int = DEFAULT_REPORTS_PER_TASK):
    """``fuse``/``fuse_into`` on the cluster behind ``client``; returns a ``FusionResult``."""
    from sahel_ie.fusion import blocks as make_blocks
    from sahel_ie.fusion import finish, plan

    work = plan(inputs, existing or ())
    pieces = list(make_blocks(work.reports, work.locked, work.seeds))
    payloads = []
    for task in pack(pieces, reports_per_task):
        payload = []
        for n in task:
            block, locked, seeds = pieces[n]
            payload.append(([work.reports[i].member.to_dict() for i in block], locked, seeds))
        payloads.append(payload)
    futures = client.map(fuse_task, payloads, pure=False)
    events = [Event.from_dict(d) for result in client.gather(futures) for d in result]
    return finish(events, work)


def dask_client(scheduler: str | None, local_workers: int | None) -> tuple[Any, Callable[[], None]]:
    """A client for ``--dask-scheduler ADDRESS`` or a local cluster of N worker processes, and its closer."""
    from distributed import Client, LocalCluster

    if scheduler:
        client = Client(scheduler)
        return client, client.close
    cluster = LocalCluster(n_workers=local_workers or 1, threads_per_worker=1, processes=True, dashboard_address=":0")
    client = Client(cluster)

    def close() -> None:
        client.close()
        cluster.close()

    return client, close


__all__ = ["fuse_with_dask", "fuse_task", "dask_client", "pack"]
