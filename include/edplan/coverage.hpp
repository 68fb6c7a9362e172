// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// The coverage module (DESIGN §2.6): decays, floating catchments and facility siting.

#include "edplan/coverage/decay.hpp"
#include "edplan/coverage/fca.hpp"
#include "edplan/coverage/links.hpp"
#include "edplan/coverage/lscp.hpp"
#include "edplan/coverage/mclp.hpp"
#include "edplan/coverage/p_median.hpp"
#include "edplan/coverage/siting_common.hpp"
