"""Offline GeoNames gazetteers: install the published country dumps once, look places up without a server.

GeoNames (https://www.geonames.org, licence CC-BY 4.0) knows most of the villages that Sahel conflict
reporting names, which the project's own table (``models/places.json``) cannot hold. Nothing from
GeoNames ships with sahel_ie: a user installs the dumps the way spaCy models are installed::

    sahel-ie gazetteer add ML.zip BF.txt admin1CodesASCII.txt     # or: sahel-ie gazetteer download ML BF
    sahel-ie gazetteer list

Each country becomes one compact SQLite index in the data directory (:func:`data_home`); the pipeline
opens the installed indexes lazily and uses them after the shipped table (see :mod:`.resolve`).
"""

from __future__ import annotations

from sahel_ie.gazetteer.home import ATTRIBUTION, data_home, gazetteer_dir, installed, remove
from sahel_ie.gazetteer.index import Candidate, GeoNamesIndex, open_indexes

__all__ = [
    "ATTRIBUTION", "Candidate", "GeoNamesIndex", "data_home", "gazetteer_dir", "installed", "open_indexes",
    "remove",
]
