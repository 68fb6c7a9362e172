// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// The enrolment module: school-place demand by level and grade (DESIGN §2.2).

#include "edplan/enrolment/choice.hpp"
#include "edplan/enrolment/housing.hpp"
#include "edplan/enrolment/inputs.hpp"
#include "edplan/enrolment/lead_errors.hpp"
#include "edplan/enrolment/levels.hpp"
#include "edplan/enrolment/projection.hpp"
#include "edplan/enrolment/ratios.hpp"
#include "edplan/enrolment/simulate.hpp"
