#!/usr/bin/env bash
# Open-loop HTTP load on an N-node searchbid cluster on PostgreSQL, all on this machine:
#
#   bench/cluster-http.sh NODES [options of ./searchbid bench http]
#   bench/cluster-http.sh 1 --quick --no-step      # the same set-up with one node, for the comparison
#   bench/cluster-http.sh 3 --quick --no-step
#
# Creates a scratch database (dropped at the end), starts node 1 with the demo data (100,000
# products, 1,000 campaigns x 20 keywords; products reach the other nodes through the journal),
# then nodes 2..N, waits until every node is ready, and runs `./searchbid bench http --url` with all
# nodes: searches and clicks are spread over them (each request on the first free connection,
# connections round-robin over the nodes). Every node logs to $OUT/node-K.log.
#
# Needs a local PostgreSQL that trusts user postgres on 127.0.0.1:5432 (as CI's), or set PGUSER /
# SEARCHBID_PG_USER and PGPASSWORD / SEARCHBID_PG_PASSWORD.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
N="${1:?usage: bench/cluster-http.sh NODES [bench http options]}"
shift
[[ "$N" =~ ^[1-9]$ ]] || { echo "NODES must be 1..9, got '$N'" >&2; exit 2; }
DEMO_PRODUCTS="${DEMO_PRODUCTS:-100000}"
DEMO_CAMPAIGNS="${DEMO_CAMPAIGNS:-1000}"
OUT="${OUT:-$ROOT/bench/target/cluster-http-$N}"
DB="searchbid_bench_$$"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
export SEARCHBID_PG_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" SEARCHBID_PG_USER="${SEARCHBID_PG_USER:-$PGUSER}"
mkdir -p "$OUT"
rm -rf "$OUT"/n*
SECRETS="$OUT/secrets.properties"
( umask 077; printf 'admin-key.bench = %s\nclick-key.k1 = %s\n' "$(openssl rand -hex 24)" "$(openssl rand -base64 32)" > "$SECRETS" )

PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  dropdb --if-exists "$DB" 2>/dev/null || true
}
trap cleanup EXIT

createdb "$DB"
"$ROOT/searchbid" db init --config "$ROOT/config/postgres.conf" >/dev/null

SEEDS="127.0.0.1:25601"
http_port() { echo $((18080 + $1)); }
start_node() { # K [extra serve options]
  local k="$1"; shift
  "$ROOT/searchbid" serve --config "$ROOT/config/postgres.conf" --secrets "$SECRETS" --cluster --seed-nodes "$SEEDS" \
    --node-port $((25600 + k)) --port "$(http_port "$k")" --host 127.0.0.1 --data-dir "$OUT/n$k" "$@" \
    >"$OUT/node-$k.log" 2>&1 &
  PIDS+=($!)
}
await_ready() { # K
  local url="http://127.0.0.1:$(http_port "$1")/health/ready" deadline=$((SECONDS + 600))
  until curl -sf -o /dev/null "$url"; do
    if (( SECONDS > deadline )); then echo "node $1 not ready in 600 s; see $OUT/node-$1.log" >&2; exit 1; fi
    sleep 1
  done
  echo "node $1 ready ($url)"
}

start_node 1 --demo --demo-products "$DEMO_PRODUCTS" --demo-campaigns "$DEMO_CAMPAIGNS"
await_ready 1
URLS="http://127.0.0.1:$(http_port 1)"
for ((k = 2; k <= N; k++)); do
  start_node "$k"
  URLS="$URLS,http://127.0.0.1:$(http_port "$k")"
done
for ((k = 2; k <= N; k++)); do await_ready "$k"; done
echo "load: $N node(s) at $URLS; $(uptime)"
"$ROOT/searchbid" bench http --url "$URLS" --out "$OUT/report" "$@"
echo "after: $(uptime)"
