#!/usr/bin/env bash
# Download Debian's postfix and exim4 packages and extract them (never install them: they
# conflict) into a cache folder, so tests can ask the real binaries. Idempotent.
#   MTALINT_ORACLE_DIR  where to put them (default: ~/.cache/mtalint-oracles)
# Prints the root folder on the last line of stdout.
# Also extracts Debian's postfix-doc and exim4-doc-html into ROOT/docs (own stamp ROOT/.docs-complete),
# so tests can check every documentation link of the rule pages against the real manuals.
set -euo pipefail

root="${MTALINT_ORACLE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/mtalint-oracles}"
stamp="$root/.complete"
pkgs=(postfix exim4-base exim4-daemon-light exim4-config libidn12)

# The manuals, kept apart from the binaries: postfix-doc also ships etc/postfix/postfix-files.d,
# which must not land in the meta_directory the relay oracle runs Postfix with.
doc_pkgs=(postfix-doc exim4-doc-html)
docs="$root/docs"
doc_stamp="$root/.docs-complete"
setup_docs() {
  if [ -f "$doc_stamp" ] && [ -f "$docs/usr/share/doc/postfix/html/postconf.5.html" ] &&
    [ -f "$docs/usr/share/doc/exim4-doc-html/spec_html/ch-access_control_lists.html" ]; then
    return 0
  fi
  for tool in apt-get dpkg-deb; do
    if ! command -v "$tool" >/dev/null 2>&1; then
      echo "oracles: '$tool' is not available; the documentation oracles need a Debian-based system (apt-get download, dpkg-deb -x)." >&2
      exit 1
    fi
  done
  mkdir -p "$root/.debs-docs" "$docs"
  if ! (cd "$root/.debs-docs" && apt-get download "${doc_pkgs[@]}" >/dev/null 2>&1); then
    echo "oracles: apt-get download ${doc_pkgs[*]} failed; running 'apt-get update' once and retrying" >&2
    if [ "$(id -u)" = 0 ]; then apt-get update -qq >&2 || true; fi
    (cd "$root/.debs-docs" && apt-get download "${doc_pkgs[@]}" >&2) || {
      echo "oracles: could not download ${doc_pkgs[*]} with apt-get; is a Debian package mirror reachable?" >&2
      exit 1
    }
  fi
  for f in "$root/.debs-docs"/*.deb; do dpkg-deb -x "$f" "$docs"; done
  echo "oracles: manuals in $docs/usr/share/doc/{postfix/html,exim4-doc-html/spec_html}" >&2
  touch "$doc_stamp"
}

if [ -f "$stamp" ] && [ -x "$root/usr/sbin/postconf" ] && [ -x "$root/usr/sbin/exim4" ]; then
  echo "oracles: already set up in $root" >&2
  setup_docs
  echo "$root"
  exit 0
fi

for tool in apt-get dpkg-deb; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "oracles: '$tool' is not available; the oracles need a Debian-based system (apt-get download, dpkg-deb -x)." >&2
    exit 1
  fi
done

debs="$root/.debs"
mkdir -p "$debs"
cd "$debs"
if ! apt-get download "${pkgs[@]}" >/dev/null 2>&1; then
  echo "oracles: apt-get download failed; running 'apt-get update' once and retrying" >&2
  if [ "$(id -u)" = 0 ]; then apt-get update -qq >&2 || true; fi
  apt-get download "${pkgs[@]}" >&2 || {
    echo "oracles: could not download ${pkgs[*]} with apt-get; is a Debian package mirror reachable?" >&2
    exit 1
  }
fi
for f in ./*.deb; do dpkg-deb -x "$f" "$root"; done

# Real users the daemons run as (only for the relay oracle, which starts them as root).
if [ "$(id -u)" = 0 ]; then
  getent group postdrop >/dev/null || groupadd -r postdrop
  getent group postfix >/dev/null || groupadd -r postfix
  getent passwd postfix >/dev/null || useradd -r -M -g postfix -d /nonexistent -s /usr/sbin/nologin postfix
  getent group Debian-exim >/dev/null || groupadd -r Debian-exim
  getent passwd Debian-exim >/dev/null || useradd -r -M -g Debian-exim -d /nonexistent -s /usr/sbin/nologin Debian-exim
fi

export LD_LIBRARY_PATH="$root/usr/lib/postfix:$root/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
"$root/usr/sbin/postconf" -c "$root/usr/share/postfix" -d mail_version 2>/dev/null >&2
version=$("$root/usr/sbin/exim4" --version 2>/dev/null) || true
echo "${version%%$'\n'*}" >&2
touch "$stamp"
setup_docs
echo "$root"
