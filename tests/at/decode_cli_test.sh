#!/bin/sh
# `atconform decode` as a user runs it: a corpus file gives its recorded events; a socat dump,
# garbage, a huge line and a truncated frame give events with offsets; a bad file names itself
# and the byte offset; a bad command line is exit 3. Usage: decode_cli_test.sh ATCONFORM CORPUS
set -u
atconform=$1
corpus=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# 1. A corpus transcript, decoded by the command, gives the file's expected events.
f=$corpus/nonos-59-connect-inside-echo
timeout 60 "$atconform" decode "$f.at" > "$work/out" 2> "$work/err" || fail "decode of $f.at: $(cat "$work/err")"
grep -v '^#' "$work/out" | diff - "$f.events" > "$work/diff" || fail "decode $f.at differs: $(head -20 "$work/diff")"
head -1 "$work/out" | grep -q '^# atconform decode .*: transcript, .* device bytes, .* host bytes, chip esp8266' ||
  fail "header: $(head -1 "$work/out")"

# 2. The same device bytes raw from stdin, with the commands given by --sent.
printf 'AT+GMR\r\r\n0019000902\r\n\r\nOK\r\nAT\r\n\r\nOK\r\n' |
  timeout 60 "$atconform" decode --chip esp8266 --sent AT+GMR --sent AT - > "$work/out" || fail "raw from stdin"
grep -q '^      9  info   -          "0019000902"$' "$work/out" || fail "raw: $(cat "$work/out")"
grep -q '^     33  final  ok         "OK"$' "$work/out" || fail "raw, second command: $(cat "$work/out")"

# 3. A socat -x dump (both directions): the host's AT+CWMODE? becomes pending where it was written.
cat > "$work/socat.txt" <<'DUMP'
> 2026/12/01 11:40:24.000460424  length=12 from=0 to=11
 41 54 2b 43 57 4d 4f 44 45 3f 0d 0a
< 2026/12/01 11:40:24.000472324  length=25 from=0 to=24
 41 54 2b 43 57 4d 4f 44 45 3f 0d 0a 2b 43 57 4d  AT+CWMODE?..+CWM
 4f 44 45 3a 33 0d 0a 0d 0a                       ODE:3....
--
< 2026/12/01 11:40:24.000482324  length=6 from=25 to=30
 4f 4b 0d 0a 3e 20                                OK..> 
--
DUMP
timeout 60 "$atconform" decode "$work/socat.txt" > "$work/out" || fail "socat"
grep -q "^# device direction '<'" "$work/out" || fail "socat direction: $(cat "$work/out")"
grep -q '^     12  info   -          "+CWMODE:3"$' "$work/out" || fail "socat info: $(cat "$work/out")"
grep -q '^     25  final  ok         "OK"$' "$work/out" || fail "socat final: $(cat "$work/out")"
grep -q '^     29  urc    -          ">"$' "$work/out" || fail "socat stray prompt: $(cat "$work/out")"

# 4. Garbage (the binary itself), a huge line and a truncated frame: events with offsets, exit 0.
head -c 300000 "$atconform" > "$work/garbage"
timeout 120 "$atconform" decode --format raw "$work/garbage" > "$work/out" || fail "garbage: exit $?"
grep -q '^ *[0-9][0-9]*  noise ' "$work/out" || fail "garbage gave no noise"
{ head -c 500000 /dev/zero | tr '\0' 'x'; printf '\r\nOK\r\n+IPD,0,10:abc'; } > "$work/huge"
timeout 120 "$atconform" decode --max-text 8 "$work/huge" > "$work/out" || fail "huge: exit $?"
grep -q '^      0  noise  -          "xxxxxxxx"\.\.\.  bytes=500001$' "$work/out" || fail "huge line: $(cut -c1-120 "$work/out")"
grep -q '^ 500002  urc    ok         "OK"$' "$work/out" || fail "sync after the huge line: $(cut -c1-120 "$work/out")"
grep -q '^ 500006  held   ipd        "abc"  have=3  missing=7$' "$work/out" || fail "truncated frame: $(cat "$work/out")"

# 5. A bad file names itself and the byte offset (exit 2); a missing file too; bad options exit 3.
printf '# source: x\nrx "ok"\nrx "bad \\q escape"\n' > "$work/bad.at"
"$atconform" decode "$work/bad.at" > /dev/null 2> "$work/err"; rc=$?
[ $rc -eq 2 ] || fail "bad transcript: exit $rc"
grep -q "bad.at: byte 28: unknown escape" "$work/err" || fail "bad transcript message: $(cat "$work/err")"
"$atconform" decode "$work/none.at" > /dev/null 2> "$work/err"; rc=$?
[ $rc -eq 2 ] && grep -q "none.at: cannot open" "$work/err" || fail "missing file: exit $rc, $(cat "$work/err")"
"$atconform" decode --format xml "$work/bad.at" > /dev/null 2>&1; rc=$?
[ $rc -eq 3 ] || fail "bad --format: exit $rc"
"$atconform" decode > /dev/null 2>&1; rc=$?
[ $rc -eq 3 ] || fail "no file: exit $rc"
echo "decode CLI: all checks passed"
