"""The ``sahel-ie`` command: extract | evaluate | fuse | gazetteer | resolve | show.

Each sub-command's options and behaviour live beside the code they drive (batch extraction in
``sahel_ie.io.cli``, evaluation in ``sahel_ie.evaluate.cli``); this module only dispatches, so that
``sahel-ie --help`` stays fast and a broken optional part cannot stop the others.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Sequence


def _add_resolve(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("resolve", help="resolve an actor name against the knowledge base")
    parser.add_argument("name", nargs="+", help="the actor name, e.g. \"Jamaat Nusrat al Islam\"")
    parser.add_argument("--date", help="ISO date: show the name in use on that date")
    parser.add_argument("--limit", type=int, default=5, help="how many nearest candidates to list")
    parser.set_defaults(run=_run_resolve)


def _run_resolve(args: argparse.Namespace) -> int:
    from sahel_ie.kb.actors import format_resolution_report, resolve_actor

    name = " ".join(args.name)
    print(format_resolution_report(name, args.date, limit=args.limit))
    return 0 if resolve_actor(name, args.date) is not None else 1


def _add_show(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("show", help="render one article's records and evidence as HTML")
    parser.add_argument("path", type=Path, help="a .txt/.md article")
    parser.add_argument("-o", "--output", type=Path, required=True, help="HTML file to write")
    parser.add_argument("--published", help="publication date (ISO) to anchor relative dates")
    parser.add_argument("--model", help="spaCy model name or path")
    parser.set_defaults(run=_run_show)


def _run_show(args: argparse.Namespace) -> int:
    from sahel_ie.display import render_article

    text = args.path.read_text(encoding="utf-8")
    html = render_article(text, published=args.published, doc_id=args.path.stem, model=args.model)
    args.output.write_text(html, encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


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
    parser = argparse.ArgumentParser(
        prog="sahel-ie",
        description="Evidence-backed attack, claim and attribution records from Sahel conflict news.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    _add_delegated(sub, "extract", "sahel_ie.io.cli", "extract records from files and folders of articles")
    _add_delegated(sub, "evaluate", "sahel_ie.evaluate.cli", "score the pipeline against annotated gold files")
    _add_delegated(sub, "fuse", "sahel_ie.fusion.cli", "fuse attack records of many articles into events")

    _add_delegated(sub, "gazetteer", "sahel_ie.gazetteer.cli", "install, list and remove offline GeoNames gazetteers")

    _add_resolve(sub)
    _add_show(sub)
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
