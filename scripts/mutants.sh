#!/usr/bin/env bash
# Mutation testing of the protocol core: cargo-mutants puts one small bug
# at a time into src/paxos (a flipped comparison, a deleted line, a
# function returning a default) and runs the native suite against each.
# A mutant the suite fails on is "caught"; one it passes on "survived".
# Prints the mutation score and the surviving mutants; docs/mutants.md
# says which survivors are harmless and why.
#
# Not part of scripts/test.sh: it rebuilds once per mutant and takes about
# an hour on 2 cores. Run it niced, it leaves the machine usable:
#   nice -n 10 scripts/mutants.sh            (MUTANTS_JOBS=1 for one job)
#
# The suite it runs is `cargo test --lib --tests` with the `mutants`
# profile (release speed, incremental rebuilds), skipping the one test that
# takes most of the time: the 884,167-state crash model. Its 190,823-state
# sibling still runs, and a smaller suite can only catch fewer mutants, so
# the score is a lower bound for the whole suite.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

MUTANTS_VERSION=27.1.0
export PATH="$HOME/.cargo/bin:$PATH"

if ! cargo mutants --version 2>/dev/null | grep -qx "cargo-mutants $MUTANTS_VERSION"; then
  printf '\033[1m== %s\033[0m\n' "installing cargo-mutants $MUTANTS_VERSION (a few minutes, once)"
  cargo install --locked cargo-mutants --version "$MUTANTS_VERSION"
fi

out=target/mutants-report
# cargo-mutants makes the report's folder but not its parent, which a
# fresh clone has not built yet.
mkdir -p target
status=0
cargo mutants \
  --file 'src/paxos/**/*.rs' \
  --profile mutants \
  --jobs "${MUTANTS_JOBS:-2}" \
  --output "$out" \
  --cargo-test-arg=--lib --cargo-test-arg=--tests \
  --cargo-test-arg=-- --cargo-test-arg=--skip --cargo-test-arg=correct_paxos_is_safe_with_crashes_and_restarts \
  || status=$?
# cargo-mutants exits 2 when some mutants survived; that is a result, not
# a failure of the run.
if [ "$status" -ne 0 ] && [ "$status" -ne 2 ]; then
  echo "cargo-mutants failed (exit $status)" >&2
  exit "$status"
fi

dir="$out/mutants.out"
caught=$(grep -c . "$dir/caught.txt" 2>/dev/null || true)
timeout=$(grep -c . "$dir/timeout.txt" 2>/dev/null || true)
missed=$(grep -c . "$dir/missed.txt" 2>/dev/null || true)
unviable=$(grep -c . "$dir/unviable.txt" 2>/dev/null || true)
# A mutant that makes the suite hang is caught too: the suite never passes.
tested=$((caught + timeout + missed))
score=$(awk -v c="$((caught + timeout))" -v t="$tested" 'BEGIN { if (t > 0) printf "%.1f", 100 * c / t; else print "n/a" }')
printf '\n\033[1mmutation score: %s of %s viable mutants caught (%s%%); %s timed out (counted as caught), %s unviable (did not compile)\033[0m\n' \
  "$((caught + timeout))" "$tested" "$score" "$timeout" "$unviable"
if [ "$missed" -gt 0 ]; then
  echo "survivors (see docs/mutants.md for the ones judged harmless):"
  sed 's/^/  /' "$dir/missed.txt"
fi
