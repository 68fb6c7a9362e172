// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// The core module: errors, arrays, validation, year paths, parallel loops, the rate → count
/// rounding rule and summations with specified rounding.

#include "edplan/core/count.hpp"
#include "edplan/core/error.hpp"
#include "edplan/core/float_text.hpp"
#include "edplan/core/format.hpp"
#include "edplan/core/ndarray.hpp"
#include "edplan/core/parallel.hpp"
#include "edplan/core/team.hpp"
#include "edplan/core/path.hpp"
#include "edplan/core/quantile.hpp"
#include "edplan/core/random.hpp"
#include "edplan/core/sum.hpp"
#include "edplan/core/validate.hpp"
