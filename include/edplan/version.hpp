// SPDX-License-Identifier: MIT
#pragma once

/// @file
/// The single source of edplan's version: CMake and pyproject.toml parse these lines.

#define EDPLAN_VERSION_MAJOR 0
#define EDPLAN_VERSION_MINOR 1
#define EDPLAN_VERSION_PATCH 0

/// The version as a string literal, "MAJOR.MINOR.PATCH".
#define EDPLAN_VERSION_STRING "0.1.0"

namespace edplan {
/// The library version, "MAJOR.MINOR.PATCH".
inline constexpr const char* version = EDPLAN_VERSION_STRING;
}  // namespace edplan
