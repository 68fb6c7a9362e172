// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// The capacity module: the capacity ledger and the balance of places against pupils (DESIGN
/// §2.3), the "1+3" expansion programme and its scheduler (§2.4), preschool sector shares (§2.5),
/// teachers for the wave (§2.3b).

#include "edplan/capacity/balance.hpp"
#include "edplan/capacity/ledger.hpp"
#include "edplan/capacity/levers.hpp"
#include "edplan/capacity/preschool.hpp"
#include "edplan/capacity/programme.hpp"
#include "edplan/capacity/scheduler.hpp"
#include "edplan/capacity/teachers.hpp"
#include "edplan/capacity/teachers_need.hpp"
#include "edplan/capacity/teachers_redeploy.hpp"
#include "edplan/capacity/teachers_supply.hpp"
