// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// The targets module (DESIGN §2.7): on-track assessment of indicator series by the Open SDG
/// growth-rate ratio, trend projections to the target year, rate targets as counts, and the
/// annual work-plan tracker.

#include "edplan/targets/assess.hpp"
#include "edplan/targets/assess_many.hpp"
#include "edplan/targets/category.hpp"
#include "edplan/targets/growth_ratio.hpp"
#include "edplan/targets/projection.hpp"
#include "edplan/targets/rate_count.hpp"
#include "edplan/targets/score.hpp"
#include "edplan/targets/workplan.hpp"
