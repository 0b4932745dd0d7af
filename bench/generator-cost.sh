#!/usr/bin/env bash
# What the build-time generators add to rebuilding samples/Nexmark: median wall time of a rebuild
# after touching one query file (the compiler runs) and of a no-change rebuild, with and without them.
# Usage: bench/generator-cost.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}

build() { dotnet build samples/Nexmark -c Release --no-restore -nologo -v q "$@" >/dev/null; }

median_ms() { # touch? extra-args...
  local touch=$1; shift
  build "$@"
  for _ in $(seq "$runs"); do
    [[ $touch == yes ]] && touch samples/Nexmark/Queries/Q5.cs
    local start end
    start=$(date +%s%N); build "$@"; end=$(date +%s%N)
    echo $(( (end - start) / 1000000 ))
  done | sort -n | sed -n "$(( (runs + 1) / 2 ))p"
}

with_touch=$(median_ms yes)
without_touch=$(median_ms yes -p:CompiledGenerators=false)
with_nochange=$(median_ms no)
without_nochange=$(median_ms no -p:CompiledGenerators=false)
touch samples/Nexmark/Queries/Q5.cs; build  # recompile with the generators, so later builds do not pick up the interpreted one

echo "| rebuild of samples/Nexmark | with generators | without | added |"
echo "|---|---:|---:|---:|"
echo "| one query file touched (compiler runs) | ${with_touch} ms | ${without_touch} ms | $(( with_touch - without_touch )) ms |"
echo "| no change | ${with_nochange} ms | ${without_nochange} ms | $(( with_nochange - without_nochange )) ms |"
