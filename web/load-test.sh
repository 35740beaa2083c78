#!/usr/bin/env bash
# Bounded load test of POST /api/predict. Starts `backprop serve` with the book's trained model on a
# free loopback port, sends a fixed number of predictions from a few concurrent clients
# (load/PredictLoad.java), prints predictions per second and the error count (which must be 0), and
# stops the server it started. Sends nothing beyond 127.0.0.1.
#
# Usage: web/load-test.sh [REQUESTS (20000)] [CLIENTS (8)] [json|png (json)]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
requests="${1:-20000}"
clients="${2:-8}"
body="${3:-json}"
model="$root/core/src/test/resources/io/network2-trained-784-30-10.json"

# The client needs Java 11+ (java.net.http); the launcher below finds a JDK 25 for the server itself.
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
for candidate in $(ls -d /usr/lib/jvm/*/bin/java 2>/dev/null | sort -rV); do
  "$candidate" -version 2>&1 | grep -q 'version "2[5-9]' && { java="$candidate"; break; }
done

work="$(mktemp -d)"
"$root/backprop" serve --model "$model" --port 0 --models "$work/models" >"$work/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT

# The first run builds the jar; give it two minutes to print its address.
url=""
for _ in $(seq 1 1200); do
  url="$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$work/server.log" | head -n 1 || true)"
  [[ -n "$url" ]] && break
  kill -0 "$server" 2>/dev/null || { cat "$work/server.log" >&2; echo "error: the server did not start" >&2; exit 1; }
  sleep 0.1
done
[[ -n "$url" ]] || { cat "$work/server.log" >&2; echo "error: the server printed no address" >&2; exit 1; }

echo "== $(nproc) cores, $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n 1), server at $url"
timeout 600 "$java" "$root/web/load/PredictLoad.java" "$url" "$requests" "$clients" "$body"
