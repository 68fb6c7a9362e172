# SPDX-License-Identifier: MIT
import os
import sys

# The numpy reference implementations live beside the tests.
sys.path.insert(0, os.path.dirname(__file__))
