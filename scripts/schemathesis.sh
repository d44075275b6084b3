#!/usr/bin/env bash
# Runs schemathesis (PyPI) against the served /openapi.json: no server error (5xx) and no response
# that violates the document. A demo instance on a free loopback port, with a fresh database and an
# operator-administrator token registered at start, so that every operation is reachable.
#   scripts/schemathesis.sh PATH/TO/guichet
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$1
work=$(mktemp -d /tmp/guichet-schemathesis.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
export GUICHET_SCHEMATHESIS_TOKEN="gt_$(python3 -c 'import secrets; print(secrets.token_hex(24))')"
"$bin" serve --demo --host 127.0.0.1 --port "$port" --database "$work/demo.sqlite" --catalogs Catalogs \
  --bootstrap-token-env GUICHET_SCHEMATHESIS_TOKEN >"$work/serve.log" 2>&1 &
server=$!
stop() { kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; rm -rf "$work"; }
trap stop EXIT
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.5; done
# message/rfc822 (raw inbound mail) has no serializer in schemathesis: that route has its own tests.
# A fixed seed keeps CI repeatable; raise --max-examples locally to search further. One worker: with two,
# hypothesis (under schemathesis 4.32) has failed on a shared cache of its own ("Inconsistent results").
status=0
schemathesis run "http://127.0.0.1:$port/openapi.json" -H "Authorization: Bearer $GUICHET_SCHEMATHESIS_TOKEN" \
  --checks not_a_server_error,response_schema_conformance --phases examples,coverage,fuzzing \
  --max-examples 20 --seed 1 --workers 1 --exclude-path /api/v1/mail/inbound --warnings off || status=$?
if [ "$status" -ne 0 ]; then
  echo "schemathesis found failures; the server's log:"; tail -n 50 "$work/serve.log"
fi
exit "$status"
