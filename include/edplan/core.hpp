// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// The core module: errors, arrays, validation, year paths and parallel loops.

#include "edplan/core/error.hpp"
#include "edplan/core/format.hpp"
#include "edplan/core/ndarray.hpp"
#include "edplan/core/parallel.hpp"
#include "edplan/core/path.hpp"
#include "edplan/core/quantile.hpp"
#include "edplan/core/random.hpp"
#include "edplan/core/validate.hpp"
