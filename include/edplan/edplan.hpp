// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// Everything edplan offers: `#include <edplan/edplan.hpp>`.

#include "edplan/capacity.hpp"
#include "edplan/core.hpp"
#include "edplan/coverage.hpp"
#include "edplan/enrolment.hpp"
#include "edplan/population.hpp"
#include "edplan/scenario.hpp"
#include "edplan/targets.hpp"
#include "edplan/version.hpp"
