#!/usr/bin/env bash
# Builds the proxy, starts a local upstream (python3's http.server on 127.0.0.1:8081) and the proxy with
# examples/basic.yaml (HTTP on 127.0.0.1:10000, admin on 127.0.0.1:9901), shows one proxied response,
# then keeps both running until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v dotnet >/dev/null || { echo "dotnet (the .NET SDK) is required" >&2; exit 1; }
command -v python3 >/dev/null || { echo "python3 is required for the example upstream" >&2; exit 1; }
command -v curl >/dev/null || { echo "curl is required" >&2; exit 1; }

dotnet build src/Proxy/Proxy.csproj -c Release -nologo -v quiet

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

python3 -m http.server 8081 --bind 127.0.0.1 --directory examples/www >/dev/null 2>&1 &
pids+=($!)
dotnet src/Proxy/bin/Release/net9.0/proxy.dll -c examples/basic.yaml --file-flush-interval-msec 100 &
pids+=($!)

for _ in $(seq 1 100); do
  curl -sf http://127.0.0.1:9901/ready >/dev/null 2>&1 && break
  sleep 0.2
done

echo
echo "== curl -i http://127.0.0.1:10000/"
curl -si http://127.0.0.1:10000/
echo
echo "The proxy serves http://127.0.0.1:10000/ (admin: http://127.0.0.1:9901/). Ctrl-C stops everything."
wait
