#!/usr/bin/env bash
# Before `npm test`: the suite checks our feeds with Debian tools, jing (Atom RELAX NG) and
# python3-feedparser, what pages show in chromium (headless), and the deploy templates under
# nginx and Caddy. Installs them where apt-get can; otherwise says what to install.
set -euo pipefail

missing=()
command -v jing >/dev/null 2>&1 || missing+=(jing)
/usr/bin/python3 -c 'import feedparser' >/dev/null 2>&1 || missing+=(python3-feedparser)
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)
command -v nginx >/dev/null 2>&1 || missing+=(nginx-light)
command -v caddy >/dev/null 2>&1 || missing+=(caddy)
[ ${#missing[@]} -eq 0 ] && exit 0

if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
  echo "Installing test tools: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
elif command -v apt-get >/dev/null 2>&1 && command -v sudo >/dev/null 2>&1; then
  echo "Installing test tools with sudo: ${missing[*]}" >&2
  sudo apt-get update -qq
  sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "The tests need these Debian packages (or equivalents): ${missing[*]}" >&2
  echo "Install them, e.g. 'apt-get install ${missing[*]}', and run npm test again." >&2
  exit 1
fi
