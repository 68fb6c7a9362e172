# SPDX-License-Identifier: MIT
"""``python -m edplan`` is the ``edplan`` command."""

import sys

from .cli import main

sys.exit(main())
