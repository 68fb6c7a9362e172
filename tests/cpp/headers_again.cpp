// SPDX-License-Identifier: MIT
// Every header again in a second translation unit: a function defined in a header without
// `inline` now fails the link here instead of in a user's program.
#include <edplan/edplan.hpp>
