// SPDX-License-Identifier: MIT
// The doctest runner, compiled once for every test file.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
