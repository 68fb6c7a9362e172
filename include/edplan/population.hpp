// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// The population module: the cohort-component projection (DESIGN §2.1).

#include "edplan/population/fertility.hpp"
#include "edplan/population/projection.hpp"
#include "edplan/population/step.hpp"
