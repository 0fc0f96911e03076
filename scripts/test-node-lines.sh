#!/usr/bin/env bash
# `npm run test:node-lines`, and the tests of CI (.ci/run): the whole suite (`npm test`) on the
# Node line CI tests in full, then the smoke run (test/smoke/node-line.mjs) on each other
# supported line and on this machine's own Node. The versions are pinned in .ci/node-lines.json;
# each comes from npm (scripts/install-node-line.sh).
#
# A line is used by putting its folder first on PATH, so that vitest, the `node` children the
# tests start (process.execPath) and the `npm run` calls inside tests all run on it;
# test/runtime.test.ts checks that they do (BYLINES_EXPECT_NODE).
#
#   --smoke-only   leave out the suite (it takes minutes): the smoke runs alone
#   --counts FILE  also write "passed failed" to FILE, for .ci/run to add to its own count
#
# Ends with "node lines: passed N, failed M": the suite's tests and the smoke runs' steps (worded
# apart from the one "N passed, M failed" line that ends .ci/run).
set -uo pipefail
cd "$(dirname "$0")/.."

smoke_only=false
counts_file=
while [ $# -gt 0 ]; do
  case $1 in
    --smoke-only) smoke_only=true ;;
    --counts) counts_file=${2:?--counts needs a file}; shift ;;
    *) echo "test-node-lines.sh: unknown option \"$1\"; use --smoke-only or --counts FILE" >&2; exit 2 ;;
  esac
  shift
done

read -r suite_version smoke_versions < <(node -e '
  const lines = JSON.parse(require("fs").readFileSync(".ci/node-lines.json", "utf8"))
  console.log(lines.suite, lines.smoke.join(" "))') || { echo 'test-node-lines.sh: .ci/node-lines.json does not read as { "suite": "…", "smoke": ["…"] }' >&2; exit 1; }
own_bin=$(dirname "$(command -v node)")

passed=0
failed=0
timings=()
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The folder of a line's `node`: this machine's own as it is, any other installed from npm.
node_bin() { if [ "$1" = own ]; then echo "$own_bin"; else bash scripts/install-node-line.sh "$1"; fi; }

run_suite() {
  local bin report=$work/suite.json started=$SECONDS status
  bin=$(node_bin "$suite_version") || { failed=$((failed + 1)); return; }
  echo "--- tests (npm test) on Node $(PATH="$bin:$PATH" node --version); npm scripts run $(PATH="$bin:$PATH" npm exec -c 'node --version')"
  PATH="$bin:$PATH" BYLINES_EXPECT_NODE=$suite_version npm test -- --reporter=default --reporter=json --outputFile.json="$report"
  status=$?
  local tests_passed=0 tests_failed=0
  if [ -s "$report" ]; then
    read -r tests_passed tests_failed < <(node -e '
      const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))
      console.log(r.numPassedTests, r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0))' "$report")
  fi
  # A run that failed without a failing test (a crash, a suite that did not load) still fails.
  if [ "$status" -ne 0 ] && [ "$tests_failed" -eq 0 ]; then tests_failed=1; fi
  passed=$((passed + tests_passed))
  failed=$((failed + tests_failed))
  timings+=("suite on Node $suite_version: $(minutes $((SECONDS - started)))")
}

run_smoke() {
  local line=$1 bin tap=$work/smoke-$1.tap started=$SECONDS status version
  bin=$(node_bin "$line") || { failed=$((failed + 1)); return; }
  version=$(PATH="$bin:$PATH" node --version)
  echo "--- smoke run on Node $version${2:+ ($2)}"
  # spec for the log, TAP (with its "# pass" and "# fail" totals) to count.
  PATH="$bin:$PATH" node --test --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$tap" test/smoke/node-line.mjs
  status=$?
  local steps_passed steps_failed
  steps_passed=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$tap" 2>/dev/null)
  steps_failed=$(awk '/^# (fail|cancelled) [0-9]+$/ { n += $3 } END { print n + 0 }' "$tap" 2>/dev/null)
  steps_passed=${steps_passed:-0}
  steps_failed=${steps_failed:-0}
  if [ "$status" -ne 0 ] && [ "$steps_failed" -eq 0 ]; then steps_failed=1; fi
  passed=$((passed + steps_passed))
  failed=$((failed + steps_failed))
  timings+=("smoke on Node $version: $(minutes $((SECONDS - started)))")
}

minutes() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }

$smoke_only || run_suite
for line in $smoke_versions; do run_smoke "$line"; done
run_smoke own "this machine's"

echo '--- node lines, time taken'
printf '  %s\n' "${timings[@]}"
[ -n "$counts_file" ] && echo "$passed $failed" >"$counts_file"
echo "node lines: passed $passed, failed $failed"
[ "$failed" -eq 0 ]
