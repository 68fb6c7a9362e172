# SPDX-License-Identifier: MIT
# Shared by scripts/install-and-run and scripts/test: system packages (when root) and the
# project's virtual environment in .venv. Sourced, not run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${EDPLAN_VENV:-$ROOT/.venv}"
PY="$VENV/bin/python"

# Each line carries the minutes and seconds since the script started, so a log shows where time goes.
say() { printf '\033[1m== [%d:%02d] %s\033[0m\n' $((SECONDS / 60)) $((SECONDS % 60)) "$*" >&2; }

# Installs Debian packages that are missing, when running as root; otherwise says what to
# install and carries on (pip can still build edplan with Eigen from PyPI).
system_packages() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    say "installing ${missing[*]} (apt-get)"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    say "missing system packages: ${missing[*]} (install them as root, e.g. apt-get install ${missing[*]})"
    return 1
  fi
}

# pip install into .venv, without the noise of missing local index folders; fails when pip fails.
pip_install() {
  "$PY" -m pip install -q --disable-pip-version-check "$@" 2>&1 | { grep -v "^WARNING: Location" || true; }
}

# Creates .venv if needed and installs the given pip requirements into it.
venv_with() {
  if [ ! -x "$PY" ]; then
    say "creating $VENV"
    python3 -m venv "$VENV"
  fi
  pip_install "$@"
}
