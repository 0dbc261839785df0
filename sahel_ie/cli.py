"""The ``sahel-ie`` command: extract | evaluate | fuse | gazetteer | resolve | show | report.

Each sub-command's options and behaviour live beside the code they drive (batch extraction in
``sahel_ie.io.cli``, evaluation in ``sahel_ie.evaluate.cli``); this module only dispatches, so that
``sahel-ie --help`` stays fast and a broken optional part cannot stop the others.
"""

from __future__ import annotations

import argparse
import sys
from typing import Sequence


def _add_resolve(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("resolve", help="resolve actor names against the knowledge base")
    parser.add_argument("name", nargs="+",
                        help="actor names, each quoted (\"Jamaat Nusrat al Islam\" ISGS FAMa); unquoted words "
                             "that together name one actor or description are read as one name")
    parser.add_argument("--date", help="ISO date (YYYY-MM-DD): show the names in use on that date")
    parser.add_argument("--limit", type=int, default=5, help="how many nearest candidates to list")
    parser.set_defaults(run=_run_resolve)


def resolve_names(words: list[str]) -> list[str]:
    """The names a ``resolve`` command line asks about.

    Quoted names arrive as one argument each. Unquoted words (``resolve Jamaat Nusrat al Islam``) are one
    name when, joined, they resolve or are a generic description; otherwise each argument is a name.
    """
    if len(words) == 1:
        return words
    if any(" " in w.strip() for w in words):
        return words
    from sahel_ie.kb.actors import default_kb

    joined = " ".join(words)
    kb = default_kb()
    if kb.resolve(joined) is not None or kb.generic_kind(joined) is not None:
        return [joined]
    return words


def _run_resolve(args: argparse.Namespace) -> int:
    from sahel_ie.kb.actors import format_resolution_report, resolve_actor

    if args.date is not None:
        import datetime as dt

        try:
            args.date = dt.date.fromisoformat(args.date.strip()).isoformat()
        except ValueError:
            print(f"error: --date {args.date!r} is not an ISO date (YYYY-MM-DD)", file=sys.stderr)
            return 2
    names = resolve_names(args.name)
    found = 0
    for index, name in enumerate(names):
        if index:
            print()
        print(format_resolution_report(name, args.date, limit=args.limit))
        found += resolve_actor(name, args.date) is not None
    return 0 if found == len(names) else 1


def _add_delegated(sub: argparse._SubParsersAction, name: str, module: str, help_text: str) -> None:
    """A sub-command whose arguments and runner live in ``module`` (add_<name>_arguments, run_<name>)."""
    import importlib

    parser = sub.add_parser(name, help=help_text)
    try:
        owner = importlib.import_module(module)
    except ImportError as error:  # a broken part must not take the other commands down
        message = f"sahel-ie {name} is unavailable: {error}"
        parser.set_defaults(run=lambda args: print(message, file=sys.stderr) or 2)
        return
    getattr(owner, f"add_{name}_arguments")(parser)
    parser.set_defaults(run=getattr(owner, f"run_{name}"))


def build_parser() -> argparse.ArgumentParser:
    from sahel_ie import __version__

    parser = argparse.ArgumentParser(
        prog="sahel-ie",
        description="Evidence-backed attack, claim and attribution records from Sahel conflict news.",
    )
    parser.add_argument("--version", action="version", version=f"sahel-ie {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    _add_delegated(sub, "extract", "sahel_ie.io.cli", "extract records from files and folders of articles")
    _add_delegated(sub, "evaluate", "sahel_ie.evaluate.cli", "score the pipeline against annotated gold files")
    _add_delegated(sub, "fuse", "sahel_ie.fusion.cli", "fuse attack records of many articles into events")

    _add_delegated(sub, "gazetteer", "sahel_ie.gazetteer.cli", "install, list and remove offline GeoNames gazetteers")

    _add_resolve(sub)
    _add_delegated(sub, "show", "sahel_ie.report.cli", "the review page of one article (records and highlighted evidence)")
    _add_delegated(sub, "report", "sahel_ie.report.cli", "one offline HTML review page for a batch's JSONL output")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
