# SPDX-License-Identifier: MIT
"""A scenario (DESIGN §3): the TOML file and its tables, read and checked once
(:mod:`~edplan.scenario.settings`, :mod:`~edplan.scenario.load`), the one chain that turns it
into results (:mod:`~edplan.scenario.chain`) and the results themselves
(:mod:`~edplan.scenario.results`)."""

from .load import Scenario, default_path
from .results import Results

__all__ = ["Results", "Scenario", "default_path"]
