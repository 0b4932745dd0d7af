#!/usr/bin/env bash
# One entry point for building, running and testing Compiled.
#   ./build.sh run [-- ARGS]    build and run the Nexmark job on the embedded local cluster
#   ./build.sh test             build everything and run all tests
#   ./build.sh bench [-- ARGS]  Nexmark suite: engine vs hand-written loop vs Rx.NET, latency, checkpoints (writes docs/benchmarks.*)
#   ./build.sh chaos [-- ARGS]  kill -9 the job (and cluster workers) at random points for a while; compare outputs (-- --help)
# Installs what is missing on Debian (needs root for apt-get); quiet when nothing is missing.
set -euo pipefail
cd "$(dirname "$0")"

say() { printf '==> %s\n' "$*" >&2; }

# Debian packages the build and tests need: "command-or-file package".
REQUIRED=(
  "git git"
  "curl curl"
  "/etc/ssl/certs/ca-certificates.crt ca-certificates"
  "/usr/share/doc/libicu72 libicu72"
  "/usr/lib/x86_64-linux-gnu/librocksdb.so.7.8 librocksdb7.8"
  "/usr/lib/x86_64-linux-gnu/librdkafka.so.1 librdkafka1"
  "/usr/lib/postgresql/15/bin/initdb postgresql"   # the PostgreSQL sink's tests start their own server
  "/sbin/ip iproute2"                               # cluster tests cut a worker's link in a network namespace
)

ensure_packages() {
  local missing=()
  for entry in "${REQUIRED[@]}"; do
    local probe=${entry% *} pkg=${entry#* }
    if [[ $probe == /* ]]; then [[ -e $probe ]] || missing+=("$pkg")
    else command -v "$probe" >/dev/null 2>&1 || missing+=("$pkg"); fi
  done
  if ((${#missing[@]})); then
    say "installing missing Debian packages: ${missing[*]}"
    local sudo=""; [[ $(id -u) -eq 0 ]] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

ensure_dotnet() {
  if command -v dotnet >/dev/null 2>&1 && dotnet --list-sdks 2>/dev/null | grep -q '^10\.'; then return; fi
  if [[ -x "$HOME/.dotnet/dotnet" ]]; then export PATH="$HOME/.dotnet:$PATH"; return; fi
  say "installing the .NET 10 SDK"
  local sudo=""; [[ $(id -u) -eq 0 ]] || sudo="sudo"
  if ! { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq dotnet-sdk-10.0 >/dev/null 2>&1; }; then
    curl -fsSL https://dot.net/v1/dotnet-install.sh -o /tmp/dotnet-install.sh
    bash /tmp/dotnet-install.sh --channel 10.0 --install-dir "$HOME/.dotnet" >/dev/null
    export PATH="$HOME/.dotnet:$PATH"
  fi
}

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

build() {
  say "building ($1)"
  local log
  if ! log=$(dotnet build Compiled.sln -c "$1" -nologo -v q --tl:off 2>&1); then
    printf '%s\n' "$log" | grep -E 'error|warning' | sort -u >&2 || printf '%s\n' "$log" >&2
    say "build failed"
    exit 1
  fi
}

cmd=${1:-help}; shift || true
[[ ${1:-} == "--" ]] && shift
ensure_packages
ensure_dotnet

case "$cmd" in
  run)
    build Release
    args=("$@"); ((${#args[@]})) || args=(--query q5 --events 1000000)
    say "running Nexmark ${args[*]}"
    exec dotnet samples/Nexmark/bin/Release/net10.0/Nexmark.dll "${args[@]}"
    ;;
  test)
    build Release
    say "running tests"
    dotnet test Compiled.sln -c Release --no-build -nologo -v q --tl:off --logger "console;verbosity=minimal" # a failure prints its message
    ;;
  chaos)
    build Release
    say "running chaos ${*}"
    exec dotnet tests/Compiled.Chaos/bin/Release/net10.0/Compiled.Chaos.dll "$@"
    ;;
  bench)
    build Release
    say "running Nexmark benchmark ${*}"
    exec dotnet bench/Compiled.Benchmarks/bin/Release/net10.0/Compiled.Benchmarks.dll "$@"
    ;;
  *)
    sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'
    [[ $cmd == help ]] || exit 2
    ;;
esac
