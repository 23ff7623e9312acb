#!/usr/bin/env bash
# Fetches the real-code corpus for `npm run quality`: pinned Debian 12 OpenStack packages,
# unpacked (never installed) into ~/.cache/dvr-hints-corpus/<package>/.
# Nothing here is committed; scripts/quality/realCode.ts reads the unpacked trees.
#
#   scripts/corpus/fetch.sh            fetch what is missing or at another version
#   DVR_HINTS_CORPUS=/path scripts/corpus/fetch.sh   use another cache folder
#
# Fails loudly (non-zero exit, message on stderr) when a package cannot be fetched.
set -euo pipefail

CACHE="${DVR_HINTS_CORPUS:-$HOME/.cache/dvr-hints-corpus}"

# package=version, as Debian 12 (bookworm, with bookworm-security) has them.
# scripts/quality/corpus.ts lists the same packages; keep the two in step.
PINS=(
  "python3-neutron=2:21.0.0-7+deb12u1"
  "python3-neutron-lib=3.1.0-2"
  "python3-nova=2:26.2.2-1~deb12u5"
  "python3-octavia=11.0.0-2+deb12u1"
  "python3-os-vif=3.0.0-2"
  "python3-oslo.concurrency=5.0.1-3"
  "python3-oslo.privsep=3.0.1-2"
)

die() { echo "fetch.sh: ERROR: $*" >&2; exit 1; }

command -v apt-get >/dev/null || die "apt-get not found: the corpus is fetched from Debian packages (run on Debian 12 or a derivative)"
command -v dpkg >/dev/null || die "dpkg not found"

mkdir -p "$CACHE/debs"
# Several sessions may fetch at once: one at a time.
exec 9>"$CACHE/.fetch.lock"
flock 9

updated=0
download() {
  local pin=$1
  (cd "$CACHE/debs" && apt-get download -q "$pin") && return 0
  if [ "$updated" = 0 ]; then
    echo "fetch.sh: download of $pin failed; running apt-get update and retrying" >&2
    apt-get update -q >&2 || die "apt-get update failed (network? permissions?)"
    updated=1
    (cd "$CACHE/debs" && apt-get download -q "$pin") && return 0
  fi
  return 1
}

for entry in "${PINS[@]}"; do
  pkg=${entry%%=*}
  version=${entry#*=}
  dest="$CACHE/$pkg"
  if [ -f "$dest/.version" ] && [ "$(cat "$dest/.version")" = "$version" ]; then
    echo "fetch.sh: $pkg $version already unpacked in $dest"
    continue
  fi
  candidate=$(apt-cache policy "$pkg" 2>/dev/null | awk '/Candidate:/ {print $2}')
  if [ -n "$candidate" ] && [ "$candidate" != "$version" ]; then
    echo "fetch.sh: WARNING: $pkg candidate is $candidate, the pin is $version (labels are judged on the pin)" >&2
  fi
  download "$entry" || die "cannot download $entry (is the version still in the archive? see 'apt-cache policy $pkg')"
  # apt-get download names the file with the epoch's ':' escaped as %3a.
  deb=$(ls -t "$CACHE/debs/${pkg}_"*"${version#*:}"_*.deb 2>/dev/null | head -n 1)
  [ -n "$deb" ] || die "downloaded $entry but found no .deb in $CACHE/debs"
  tmp=$(mktemp -d "$CACHE/.unpack.XXXXXX")
  dpkg -x "$deb" "$tmp" || { rm -rf "$tmp"; die "dpkg -x failed on $deb"; }
  echo "$version" > "$tmp/.version"
  rm -rf "$dest"
  mv "$tmp" "$dest"
  echo "fetch.sh: $pkg $version unpacked in $dest"
done

echo "fetch.sh: corpus ready in $CACHE"
