#!/usr/bin/env bash
# The one test command. Installs and starts what the tests need — Python tools from PyPI, a
# PostgreSQL server from Debian's packages on a free loopback port — then builds (refusing
# warnings in Guichet's own code) and runs every test, on SQLite and on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

step "Python test tools"
python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore -r scripts/test-requirements.txt

work=$(mktemp -d /tmp/guichet-test.XXXXXX)
pg_dir=""
cleanup() {
  [ -n "$pg_dir" ] && scripts/postgres.sh stop "$pg_dir"
  rm -rf "$work"
}
trap cleanup EXIT

step "Chromium and its driver (browser tests)"
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
fi

step "OpenAPI document"
python3 -m openapi_spec_validator Sources/GuichetServer/Resources/openapi.json

step "Holiday reference (holidays package, 2024-2030)"
python3 scripts/holidays_reference.py "$work/holidays.json"
export GUICHET_HOLIDAYS_REFERENCE="$work/holidays.json"

step "Numbering reference (phonenumbers, 100 000 generated numbers)"
python3 scripts/phonenumbers_reference.py "$work/phonenumbers.jsonl" 100000
export GUICHET_PHONENUMBERS_REFERENCE="$work/phonenumbers.jsonl"

step "PostgreSQL on loopback"
eval "$(scripts/postgres.sh start)"
pg_dir=$GUICHET_PG_DIR
echo "server at ${GUICHET_TEST_POSTGRES_URL}"

# Every suite must run here: a missing server or reference fails instead of being skipped.
export GUICHET_REQUIRE_ALL_SUITES=1

step "Build"
# PIPESTATUS is read before anything else runs (an `|| true` would reset it to that command's 0).
set +e
swift build --build-tests 2>&1 | tee "$work/build.log" | grep -E "error|warning:|Compiling Guichet|Build complete"
built=${PIPESTATUS[0]}
set -e
[ "$built" -eq 0 ] || { echo "build failed"; exit 1; }
if grep -E "^$(pwd)/(Sources|Tests)/.*: warning:" "$work/build.log"; then
  echo "the build has warnings in Guichet's own code (above): fix them"
  exit 1
fi

step "Tests"
# Passing tests are summed up by the last line; failures and logs are shown in full.
set +e
swift test --skip-build 2>&1 | tee "$work/test.log" | grep -vE "^(◇|↳|\[)" | grep -vE "^✔ (Suite |Test [A-Za-z_0-9]+\()"
tested=${PIPESTATUS[0]}
set -e
[ "$tested" -eq 0 ] || { echo "tests failed"; exit 1; }

bin="$(swift build --show-bin-path)/guichet"
step "Portal in a real browser (chromium headless, Selenium; screenshots in test-artifacts/)"
python3 Tests/browser/portal_browser_test.py "$bin"

step "schemathesis against /openapi.json"
scripts/schemathesis.sh "$bin"
