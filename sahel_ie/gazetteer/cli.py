"""``sahel-ie gazetteer``: add, download, list and remove offline GeoNames gazetteers.

    sahel-ie gazetteer add ML.zip BF.txt admin1CodesASCII.txt   # dumps as GeoNames publishes them
    sahel-ie gazetteer add allCountries.zip --country ML BF NE  # one big file, split by country
    sahel-ie gazetteer download ML BF NE MR                     # fetch from download.geonames.org
    sahel-ie gazetteer list
    sahel-ie gazetteer remove MR
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_gazetteer_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="gazetteer_command", required=True)
    add = sub.add_parser("add", help="compile GeoNames dump files (ML.txt, ML.zip, allCountries, admin1CodesASCII.txt)")
    add.add_argument("files", nargs="+", type=Path)
    add.add_argument("--country", nargs="+", help="keep only these country codes (for allCountries-style files)")
    down = sub.add_parser("download", help="fetch country dumps from GeoNames' download site and install them")
    down.add_argument("countries", nargs="+", help="ISO country codes, e.g. ML BF NE MR")
    down.add_argument("--base-url", help="download site or mirror (default: $SAHEL_IE_GEONAMES_URL, else "
                                         "https://download.geonames.org/export/dump/)")
    down.add_argument("--timeout", type=float, default=120.0, help="seconds per file")
    sub.add_parser("list", help="show the installed gazetteers, their size and the GeoNames attribution")
    rm = sub.add_parser("remove", help="delete installed gazetteers")
    rm.add_argument("countries", nargs="+")


def run_gazetteer(args: argparse.Namespace) -> int:
    from sahel_ie.gazetteer import home

    command = args.gazetteer_command
    try:
        if command == "add":
            from sahel_ie.gazetteer.build import add_files

            add_files(args.files, countries=args.country)
            print(f"installed in {home.gazetteer_dir()}\ndata: {home.ATTRIBUTION}")
            return 0
        if command == "download":
            from sahel_ie.gazetteer.download import download

            download(args.countries, url=args.base_url, timeout=args.timeout)
            print(f"installed in {home.gazetteer_dir()}\ndata: {home.ATTRIBUTION}")
            return 0
    except (OSError, ValueError) as error:
        print(f"sahel-ie gazetteer {command}: {error}", file=sys.stderr)
        return 1
    if command == "list":
        return _list()
    missing = [c for c in args.countries if not home.remove(c)]
    for code in args.countries:
        if code not in missing:
            print(f"removed {code.upper()}")
    if missing:
        print(f"not installed: {', '.join(missing)}", file=sys.stderr)
        return 1
    return 0


def _list() -> int:
    from sahel_ie.gazetteer.home import ATTRIBUTION, gazetteer_dir, installed
    from sahel_ie.gazetteer.index import GeoNamesIndex

    found = installed()
    print(f"data directory: {gazetteer_dir()}")
    if not found:
        print("no GeoNames gazetteer installed (sahel-ie gazetteer add FILE... or download CC...); "
              "the shipped place table is used alone")
        return 0
    for code, path in found.items():
        index = GeoNamesIndex(path, code)
        try:
            meta = index.meta()
        except Exception as error:  # a damaged file is reported, not fatal
            print(f"{code}  unreadable index {path.name}: {error}")
            continue
        finally:
            index.close()
        size = path.stat().st_size / 1e6
        print(f"{code}  {meta.get('places', '?')} places, {size:.1f} MB, from {meta.get('sources', '?')}, "
              f"built {meta.get('built', '?')}")
    print(f"data: {ATTRIBUTION}")
    return 0
