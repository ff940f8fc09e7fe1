#!/usr/bin/env bash
# The one job script every CI engine calls (.gitlab-ci.yml, Jenkinsfile; docs/ci.md):
#
#   scripts/ci-job.sh run RIG [I/N]   one shard of one rig's run: JUnit, HTML, transcripts
#   scripts/ci-job.sh merge           every shard and rig in $ATC_OUT: one JUnit + HTML
#                                     (run.xml, run.html), the certificate (.html, .md), and the
#                                     merged JUnit checked against the schema
#
# Environment (all optional):
#   ATC         the atconform to use: a path, or a name looked up on PATH (default:
#               build/bin/atconform when built here, else atconform on PATH)
#   ATC_OUT     where reports go (default: reports/ci)
#   ATC_RUN_ID  the id every shard of one run shares (default: the CI's pipeline or build id:
#               $CI_PIPELINE_ID on GitLab, $BUILD_TAG on Jenkins, else "local")
#   ATC_FILTER  a GoogleTest filter for the run (default: every test)
#   ATC_SCHEMA  the JUnit schema (default: the installed or the source tree's junit.xsd)
#
# Exit status: atconform's own (0 clean, 1 a test failed or a shard is missing, 2 a test
# errored or a report could not be read, 3 bad usage). Reports are written whatever the
# verdicts, so the CI can publish them (artifacts: when: always; Jenkins: post { always }).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${ATC_OUT:-reports/ci}"
run_id="${ATC_RUN_ID:-${CI_PIPELINE_ID:-${BUILD_TAG:-local}}}"

atc="${ATC:-}"
if [ -z "$atc" ]; then
  if [ -x "$here/build/bin/atconform" ]; then atc="$here/build/bin/atconform"
  else atc="atconform"; fi
fi
# A bare name is looked up on PATH (the installed package's /usr/bin/atconform).
[[ "$atc" == */* ]] || atc="$(command -v "$atc" || true)"
[ -n "$atc" ] && [ -x "$atc" ] || { echo "ci-job: no atconform (set ATC, build or install it)" >&2; exit 2; }

die_usage() { echo "usage: $0 run RIG [I/N] | $0 merge" >&2; exit 3; }

case "${1:-}" in
  run)
    [ $# -ge 2 ] && [ $# -le 3 ] || die_usage
    rig="$2"
    shard="${3:-1/1}"
    [[ "$shard" =~ ^[0-9]+/[0-9]+$ ]] || { echo "ci-job: shard '$shard' is not I/N" >&2; exit 3; }
    name="$(basename "$rig" .xml)"
    # One file per rig and shard, so the jobs of a matrix never overwrite each other and the
    # merge job finds them all with one pattern.
    junit="$out/junit-$name-${shard%/*}of${shard#*/}.xml"
    args=(run --rig "$rig" --shard "$shard" --run-id "$run_id" --junit "$junit")
    [ -n "${ATC_FILTER:-}" ] && args+=(--filter "$ATC_FILTER")
    echo "ci-job: $atc ${args[*]}"
    status=0
    "$atc" "${args[@]}" || status=$?
    [ -f "$junit" ] || { echo "ci-job: no report at $junit" >&2; exit 2; }
    exit "$status"
    ;;
  merge)
    [ $# -eq 1 ] || die_usage
    shopt -s nullglob
    reports=("$out"/junit-*.xml)
    [ ${#reports[@]} -gt 0 ] || { echo "ci-job: no reports in $out" >&2; exit 2; }
    status=0
    "$atc" merge "${reports[@]}" -o "$out/run.xml" || status=$?
    cert=0
    "$atc" certificate "${reports[@]}" -o "$out/certificate.html" || cert=$?
    [ "$cert" -gt "$status" ] && status=$cert
    "$atc" certificate "${reports[@]}" -o "$out/certificate.md" > /dev/null 2>&1 || true
    schema="${ATC_SCHEMA:-}"
    if [ -z "$schema" ]; then
      for s in "$here/tests/data/junit.xsd" "$(dirname "$atc")/../share/atconform/schemas/junit.xsd"; do
        [ -f "$s" ] && { schema="$s"; break; }
      done
    fi
    if [ -n "$schema" ] && command -v xmllint > /dev/null; then
      xmllint --noout --schema "$schema" "$out/run.xml" || { echo "ci-job: run.xml is not valid JUnit" >&2; exit 2; }
    else
      echo "ci-job: note: merged report not checked against the schema (no xmllint or junit.xsd)" >&2
    fi
    exit "$status"
    ;;
  *) die_usage ;;
esac
