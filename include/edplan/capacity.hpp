// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// The capacity module: the capacity ledger and the balance of places against pupils (DESIGN §2.3).

#include "edplan/capacity/balance.hpp"
#include "edplan/capacity/ledger.hpp"
