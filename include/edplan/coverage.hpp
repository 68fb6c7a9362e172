// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// The coverage module (DESIGN §2.6): decays, floating catchments, facility siting, the older
/// population by area, coverage metrics with gaps to targets, and ranked new sites.

#include "edplan/coverage/decay.hpp"
#include "edplan/coverage/fca.hpp"
#include "edplan/coverage/fca_points.hpp"
#include "edplan/coverage/grid_pairs.hpp"
#include "edplan/coverage/links.hpp"
#include "edplan/coverage/lscp.hpp"
#include "edplan/coverage/lscp_b.hpp"
#include "edplan/coverage/mclp.hpp"
#include "edplan/coverage/metrics.hpp"
#include "edplan/coverage/metrics_inputs.hpp"
#include "edplan/coverage/older.hpp"
#include "edplan/coverage/p_center.hpp"
#include "edplan/coverage/p_median.hpp"
#include "edplan/coverage/points.hpp"
#include "edplan/coverage/recommend.hpp"
#include "edplan/coverage/siting_common.hpp"
