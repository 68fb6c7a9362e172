// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// The scenario module: a scenario in memory and the chain that runs it (DESIGN §3).

#include "edplan/scenario/results.hpp"
#include "edplan/scenario/run.hpp"
#include "edplan/scenario/scenario.hpp"
