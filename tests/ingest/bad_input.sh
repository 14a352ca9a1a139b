#!/usr/bin/env bash
# tests/ingest/bad_input.sh - `trawl cat` on broken and unusual input.
#
# Every fixture is generated here in a temp dir. For each case: the one
# clear message on stderr (file and place), the exit code, and that the
# other records and files are still read.
set -u
TRAWL=${TRAWL:-build/trawl}
tmp=$(mktemp -d)
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT

if ! command -v python3 >/dev/null; then
  echo "skip bad-input: python3 is needed to generate fixtures"
  exit 0
fi

# A CloudTrail record with a given eventName (compact JSON).
rec() {
  printf '{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDAX","arn":"arn:aws:iam::111111111111:user/alice","accountId":"111111111111","userName":"alice"},"eventTime":"2025-01-02T03:04:05Z","eventSource":"iam.amazonaws.com","eventName":"%s","awsRegion":"us-east-1","sourceIPAddress":"10.0.0.1","userAgent":"aws-cli/2","requestParameters":{"userName":"bob"},"responseElements":null,"requestID":"r-%s","eventID":"e-%s","readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111111111111"}' "$1" "$1" "$1"
}

# run NAME ARGS... : runs trawl cat, sets $out $err $rc
run() {
  local name=$1
  shift
  out=$tmp/$name.out err=$tmp/$name.err
  "$TRAWL" cat "$@" >"$out" 2>"$err"
  rc=$?
}
rows() { grep -c '^{' "$out"; }
ok() { echo "ok $1"; }
bad() { echo "FAIL $1: $2"; sed 's/^/    /' "$err" | head -5 >&2; }
# expect NAME ROWS RC GREP-PATTERN(stderr, may be empty)
expect() {
  local name=$1 want_rows=$2 want_rc=$3 pat=$4 n
  n=$(rows)
  if [ "$n" != "$want_rows" ]; then bad "$name" "rows $n, want $want_rows"; return; fi
  if [ "$rc" != "$want_rc" ]; then bad "$name" "exit $rc, want $want_rc"; return; fi
  if [ -n "$pat" ] && ! grep -qE -- "$pat" "$err"; then
    bad "$name" "stderr lacks /$pat/"; return
  fi
  ok "$name"
}

good=$tmp/good.json
printf '{"Records":[%s,%s]}' "$(rec A)" "$(rec B)" >"$good"

# --- truncated gzip: message, and the next file is still read
printf '{"Records":[%s,%s,%s]}' "$(rec C1)" "$(rec C2)" "$(rec C3)" | gzip -c >"$tmp/full.gz"
head -c $(($(stat -c %s "$tmp/full.gz") * 6 / 10)) "$tmp/full.gz" >"$tmp/trunc.json.gz"
run truncated-gzip "$tmp/trunc.json.gz" "$good"
n=$(grep -c 'truncated gzip' "$err")
if [ "$n" = 1 ] && [ "$rc" = 4 ] && [ "$(grep -c '"EventName":"A"' "$out")" = 1 ] &&
   grep -q "trunc.json.gz:offset" "$err"; then
  ok truncated-gzip
else
  bad truncated-gzip "messages $n rc $rc"
fi

# --- corrupt gzip data (bytes flipped inside the deflate stream)
python3 - "$tmp/full.gz" "$tmp/corrupt.json.gz" <<'PY'
import sys
b = bytearray(open(sys.argv[1], "rb").read())
for i in range(len(b) // 2, len(b) // 2 + 8):
    b[i] ^= 0x55
open(sys.argv[2], "wb").write(bytes(b))
PY
run corrupt-gzip "$tmp/corrupt.json.gz" "$good"
if [ "$(grep -c 'corrupt.json.gz.*corrupt gzip data' "$err")" = 1 ] && [ "$rc" = 4 ] &&
   [ "$(grep -c '"EventName":"A"' "$out")" = 1 ]; then
  ok corrupt-gzip
else
  bad corrupt-gzip "rc $rc"
fi

# --- invalid JSON in the middle of JSON lines: resync at the next line
{ rec L1; echo; echo '{"eventVersion":"1.08", broken'; rec L3; echo; } >"$tmp/lines.jsonl"
run bad-line "$tmp/lines.jsonl"
expect bad-line 2 4 'lines.jsonl:offset [0-9]+ \(line 2, record 2\): invalid JSON'

# --- invalid JSON inside a Records array: resync at the next record
printf '{"Records":[%s,{"eventVersion":"1.08","x":tru},%s]}' "$(rec M1)" "$(rec M3)" >"$tmp/arr.json"
run bad-element "$tmp/arr.json"
expect bad-element 2 4 'arr.json:offset [0-9]+ .*record 2\): invalid JSON'

# --- a record that is not an object
printf '{"Records":[%s,42,"x",%s]}' "$(rec N1)" "$(rec N3)" >"$tmp/notobj.json"
run not-object "$tmp/notobj.json"
expect not-object 2 4 'record 2 is not a JSON object'

# --- numbers and booleans where strings belong: mapped as their text
printf '{"Records":[{"eventVersion":"1.08","eventTime":"2025-01-02T03:04:05Z","eventSource":"s3.amazonaws.com","eventName":123,"userAgent":true,"awsRegion":null,"userIdentity":{"type":"Root","accountId":111111111111},"eventID":"n1"}]}' >"$tmp/num.json"
run numbers "$tmp/num.json"
if grep -q '"EventName":"123"' "$out" && grep -q '"UserAgent":"true"' "$out" &&
   grep -q '"AWSRegion":""' "$out" && grep -q '"UserIdentityAccountId":"111111111111"' "$out" &&
   [ "$rc" = 0 ]; then ok numbers-as-text; else bad numbers-as-text "$(head -c 300 "$out")"; fi

# --- invalid UTF-8 becomes U+FFFD
{ printf '{"eventVersion":"1.08","eventTime":"2025-01-02T03:04:05Z","eventSource":"s3.amazonaws.com","eventName":"U","userAgent":"a\xffb\xc3","requestParameters":{"k":"\xe2\x82"},"eventID":"u1"}\n'; } >"$tmp/utf8.jsonl"
run utf8 "$tmp/utf8.jsonl"
if grep -qF $'"UserAgent":"a\xef\xbf\xbdb\xef\xbf\xbd"' "$out" &&
   grep -qF $'"RequestParameters":"{\\"k\\":\\"\xef\xbf\xbd' "$out"; then
  ok invalid-utf8
else bad invalid-utf8 "$(head -c 300 "$out")"; fi

# --- NUL bytes: the record holding one is reported, the rest read
{ rec Z1; echo; printf '{"eventVersion":"1.08","eventName":"a\0b","eventID":"z"}\n'; rec Z3; echo; } >"$tmp/nul.jsonl"
run nul "$tmp/nul.jsonl"
expect nul-byte 2 4 'line 2, record 2\): invalid JSON \(unexpected byte 0x00'

# --- a 10 MB record is read whole
python3 - "$tmp/big.json" <<'PY'
import json, sys
r = {"eventVersion": "1.08", "eventTime": "2025-01-02T03:04:05Z",
     "eventSource": "ec2.amazonaws.com", "eventName": "Big", "eventID": "big",
     "userIdentity": {"type": "Root"},
     "requestParameters": {"blob": "x" * (10 * 1024 * 1024)}}
open(sys.argv[1], "w").write(json.dumps({"Records": [r, r]}, separators=(",", ":")))
PY
run big "$tmp/big.json"
n=$(awk '{ if (length($0) > 10485760) c++ } END { print c + 0 }' "$out")
if [ "$n" = 2 ] && [ "$rc" = 0 ]; then ok record-10mb; else bad record-10mb "$n long rows, rc $rc"; fi

# --- nesting 10,000 deep: bounded, reported, the neighbours read
python3 - "$tmp/deep.json" "$(rec D1)" "$(rec D3)" <<'PY'
import sys
deep = '{"eventVersion":"1.08","eventName":"Deep","requestParameters":' + '[' * 10000 + ']' * 10000 + '}'
open(sys.argv[1], "w").write('{"Records":[' + sys.argv[2] + ',' + deep + ',' + sys.argv[3] + ']}')
PY
run deep "$tmp/deep.json"
expect nesting-10000 2 4 'record 2 nests deeper than'
# and as JSON lines
python3 - "$tmp/deep.jsonl" "$(rec E1)" <<'PY'
import sys
deep = '{"a":' * 10000 + '1' + '}' * 10000
open(sys.argv[1], "w").write(sys.argv[2] + '\n' + deep + '\n' + sys.argv[2] + '\n')
PY
run deepl "$tmp/deep.jsonl"
expect nesting-10000-lines 2 4 'line 2, record 2\): record 2 nests deeper'

# and a bare array nested 10,000 deep on a line of its own, then 20,000
python3 - "$tmp/deep2.jsonl" "$(rec F1)" <<'PY'
import sys
r = sys.argv[2]
open(sys.argv[1], "w").write(r + '\n' + '[' * 10000 + ']' * 10000 + '\n' + r + '\n'
                             + '{"a":' * 20000 + '1' + '}' * 20000 + '\n' + r + '\n')
PY
run deep2 "$tmp/deep2.jsonl"
n=$(grep -c 'nests deeper' "$err")
if [ "$(rows)" = 3 ] && [ "$n" = 2 ] && [ "$rc" = 4 ]; then ok nesting-deep-arrays; else bad nesting-deep-arrays "rows $(rows), reports $n"; fi

# --- empty file: a note, not an error
: >"$tmp/empty.json"
run empty -v "$tmp/empty.json" "$good"
expect empty-file 2 0 'empty.json.*note: empty file'

# --- unreadable / missing files
run missing "$tmp/nope.json" "$good"
expect missing-file 2 4 'nope.json: cannot open: No such file'
run missing-only "$tmp/nope.json"
expect missing-only 0 2 'cannot open'
if [ "$(id -u)" != 0 ]; then
  cp "$good" "$tmp/secret.json"
  chmod 000 "$tmp/secret.json"
  run unreadable "$tmp/secret.json" "$good"
  expect unreadable-file 2 4 'secret.json: cannot open: Permission denied'
elif command -v setpriv >/dev/null; then
  # As root (CI), run trawl as nobody: a mode-000 file, and a directory
  # nobody may enter, next to a file nobody can read.
  pub=$(mktemp -d /tmp/trawl-perm.XXXXXX)
  chmod 755 "$pub"
  cp "$good" "$pub/good.json"
  cp "$good" "$pub/secret.json"
  mkdir "$pub/locked"
  cp "$good" "$pub/locked/inner.json"
  chmod 644 "$pub/good.json"
  chmod 000 "$pub/secret.json"
  chmod 700 "$pub/locked"
  out=$tmp/perm.out err=$tmp/perm.err
  setpriv --reuid=65534 --regid=65534 --clear-groups \
    "$TRAWL" cat "$pub/secret.json" "$pub/good.json" >"$out" 2>"$err"
  rc=$?
  expect unreadable-file 2 4 'secret.json: cannot open: Permission denied'
  setpriv --reuid=65534 --regid=65534 --clear-groups \
    "$TRAWL" cat "$pub/locked/inner.json" "$pub/good.json" >"$out" 2>"$err"
  rc=$?
  expect unreadable-in-locked-dir 2 4 'inner.json: cannot open: Permission denied'
  setpriv --reuid=65534 --regid=65534 --clear-groups \
    "$TRAWL" cat "$pub" >"$out" 2>"$err"
  rc=$?
  expect unreadable-walked 2 4 'locked: cannot read directory: Permission denied'
  rm -rf "$pub"
else
  echo "skip unreadable-file: running as root and setpriv (util-linux) is missing"
fi

# --- a directory with no logs
mkdir -p "$tmp/emptydir/sub"
run emptydir "$tmp/emptydir"
expect empty-directory 0 2 'emptydir: the directory holds no files'

# --- gzip bomb cap
python3 -c "print('{\"Records\":[' + ','.join(['$(rec G)'.replace('\"','\"')] * 2000) + ']}')" | gzip -c >"$tmp/bomb.json.gz"
run bomb --max-inflate 100K "$tmp/bomb.json.gz" "$good"
if grep -q 'inflates past the limit of 102400 bytes' "$err" && [ "$rc" = 4 ] &&
   [ "$(grep -c '"EventName":"A"' "$out")" = 1 ] && [ "$(grep -c 'inflates past' "$err")" = 1 ]; then
  ok gzip-bomb-cap
else bad gzip-bomb-cap "rc $rc"; fi
run bomb-ok --max-inflate 1G "$tmp/bomb.json.gz"
expect gzip-under-cap 2000 0 ''

# --- gzip with several members
printf '{"Records":[%s]}' "$(rec P1)" | gzip -c >"$tmp/m.json.gz"
printf '{"Records":[%s,%s]}' "$(rec P2)" "$(rec P3)" | gzip -c >>"$tmp/m.json.gz"
run members "$tmp/m.json.gz"
expect gzip-members 3 0 ''

# --- data appended after the gzip member (P4 tampering vector)
{ printf '{"Records":[%s]}' "$(rec H1)" | gzip -c; printf 'garbage after the member'; } >"$tmp/tail.json.gz"
run gzip-trailing "$tmp/tail.json.gz"
expect gzip-trailing-data 1 4 'tail.json.gz.*data that is not gzip follows gzip member 1'

# --- BOM and CRLF
{ printf '\xef\xbb\xbf'; rec B1; printf '\r\n'; rec B2; printf '\r\n'; } >"$tmp/bom.jsonl"
run bom "$tmp/bom.jsonl"
expect bom-crlf 2 0 ''
{ printf '\xef\xbb\xbf{"Records":[\r\n'; rec B3; printf ',\r\n'; rec B4; printf '\r\n]}\r\n'; } >"$tmp/bom2.json"
run bom2 "$tmp/bom2.json"
expect bom-crlf-records 2 0 ''

# --- UTF-16 is refused with a clear message
printf '\xff\xfe{\x00}\x00' >"$tmp/u16.json"
run utf16 "$tmp/u16.json" "$good"
expect utf16 2 4 'u16.json.*UTF-16'

# --- partial last line (Azure PT1H.json being appended): a note
{ rec Q1; echo; rec Q2; echo; rec Q3 | head -c 100; } >"$tmp/PT1H.json"
run partial -v "$tmp/PT1H.json"
expect partial-last-line 2 0 'PT1H.json:offset [0-9]+ \(line 3, record 3\): note: the last line holds an incomplete record'

# --- truncated single-line Records file: an error
printf '{"Records":[%s,%s' "$(rec T1)" "$(rec T2)" | head -c 900 >"$tmp/cut.json"
run cut "$tmp/cut.json"
expect truncated-records 1 4 'cut.json.*ends inside the records array'

# --- concatenated documents and JSON lines of wrappers
{ printf '{"Records":[%s]}{"Records":[%s]}\n' "$(rec K1)" "$(rec K2)"; printf '{"Records":[%s]}\n' "$(rec K3)"; } >"$tmp/concat.json"
run concat "$tmp/concat.json"
expect concatenated 3 0 ''

# --- bare array, pretty printed
python3 - "$tmp/arr2.json" "$(rec R1)" "$(rec R2)" <<'PY'
import json, sys
open(sys.argv[1], "w").write(json.dumps([json.loads(sys.argv[2]), json.loads(sys.argv[3])], indent=2))
PY
run bare-array "$tmp/arr2.json"
expect bare-array 2 0 ''

# --- stdin
run stdin - <"$good"
expect stdin 2 0 ''

# --- directories: recursive, sorted, gz and plain
mkdir -p "$tmp/tree/AWSLogs/1/CloudTrail/us-east-1/2025/01/02" "$tmp/tree/b"
printf '{"Records":[%s]}' "$(rec W2)" | gzip -c >"$tmp/tree/AWSLogs/1/CloudTrail/us-east-1/2025/01/02/x.json.gz"
printf '{"Records":[%s]}' "$(rec W1)" >"$tmp/tree/a.json"
printf '{"Records":[%s]}' "$(rec W3)" >"$tmp/tree/b/c.json"
run tree "$tmp/tree"
order=$(grep -o '"EventName":"W[0-9]"' "$out" | tr -d '\n')
if [ "$order" = '"EventName":"W2""EventName":"W1""EventName":"W3"' ] && [ "$rc" = 0 ]; then
  ok directory-order
else bad directory-order "$order"; fi

# --- symbolic link loops are noted, not followed forever
mkdir -p "$tmp/loop/a"
printf '{"Records":[%s]}' "$(rec S1)" >"$tmp/loop/a/x.json"
ln -s .. "$tmp/loop/a/up"
ln -s ../a "$tmp/loop/a/again"
run symlink-loop -v "$tmp/loop"
expect symlink-loop 1 0 'loop/a/up: note: a symbolic link loops back'

# --- each real file is read once: a symlink to a file, to a sibling
# directory, a hard link
mkdir -p "$tmp/once/a" "$tmp/once/b"
printf '{"Records":[%s]}' "$(rec O1)" >"$tmp/once/a/x.json"
printf '{"Records":[%s]}' "$(rec O2)" >"$tmp/once/b/y.json"
ln -s ../a/x.json "$tmp/once/b/z.json"
ln -s ../a "$tmp/once/b/w"
ln "$tmp/once/b/y.json" "$tmp/once/b/hard.json"
run read-once -v "$tmp/once"
expect read-once 2 0 'once/b/z.json: note: the same file as one read before'
run read-once-args "$tmp/once/a/x.json" "$tmp/once/b/z.json"
expect read-once-args 1 0 ''

# --- a FIFO (or device) inside a directory is skipped with one message;
# named on the command line it is read like stdin
if command -v mkfifo >/dev/null && command -v timeout >/dev/null; then
  mkdir -p "$tmp/fifo"
  printf '{"Records":[%s]}' "$(rec F1)" >"$tmp/fifo/a.json"
  mkfifo "$tmp/fifo/p.json"
  out=$tmp/fifo.out err=$tmp/fifo.err
  timeout 10 "$TRAWL" cat "$tmp/fifo" >"$out" 2>"$err"
  rc=$?
  if [ "$rc" = 124 ]; then bad fifo-in-directory "hangs"
  else
    expect fifo-in-directory 1 4 'fifo/p.json: a named pipe \(FIFO\) found in a directory; skipped'
    n=$(grep -c 'p.json' "$err")
    [ "$n" = 1 ] || bad fifo-one-message "$n messages"
  fi
  ( printf '{"Records":[%s]}' "$(rec F2)" >"$tmp/fifo/p.json" ) &
  out=$tmp/fifo2.out err=$tmp/fifo2.err
  timeout 10 "$TRAWL" cat "$tmp/fifo/p.json" >"$out" 2>"$err"
  rc=$?
  wait
  expect fifo-named 1 0 ''
  if [ -e /dev/null ]; then
    mkdir -p "$tmp/dev"
    cp "$good" "$tmp/dev/a.json"
    ln -s /dev/zero "$tmp/dev/zero.json"
    out=$tmp/dev.out err=$tmp/dev.err
    timeout 10 "$TRAWL" cat "$tmp/dev" >"$out" 2>"$err"
    rc=$?
    expect device-in-directory 2 4 'dev/zero.json: not a regular file'
  fi
else
  echo "skip fifo-in-directory: mkfifo or timeout missing"
fi

# --- each invalid line is named (not folded into the first), up to 10
# per file, then one "N more" message
{ rec M1; echo; echo '{"a": broken'; echo '{"b": broken'; rec M2; echo
  for i in $(seq 12); do echo '{bad'; done; rec M3; echo; } >"$tmp/many.jsonl"
run many-bad "$tmp/many.jsonl"
n=$(grep -c 'invalid JSON (unexpected' "$err")
if [ "$(rows)" = 3 ] && [ "$rc" = 4 ] && [ "$n" = 10 ] &&
   grep -q '(line 3, record 3): invalid JSON' "$err" &&
   grep -q '4 more invalid records in this file' "$err" &&
   grep -q 'skipped: 14 records' "$err"; then
  ok invalid-lines-each-named
else
  bad invalid-lines-each-named "rows $(rows) rc $rc named $n"
fi

# --- the summary says how many records were read when the query's
# prefilters dropped some (trawl cat without --table: the same number)
printf 'AWSCloudTrail | where EventName == "A"' >"$tmp/q.kql"
"$TRAWL" query -f "$tmp/q.kql" "$good" >"$tmp/q.out" 2>"$tmp/q.err"
rc=$?
if [ "$rc" = 0 ] && [ "$(grep -c . "$tmp/q.out")" = 1 ] &&
   grep -q "2 records read; 1 row passed the query's filters (AWSCloudTrail 1, AzureActivity 0)" "$tmp/q.err"; then
  ok summary-scanned
else
  err=$tmp/q.err bad summary-scanned "rc $rc"
fi
run summary-cat "$good"
expect summary-cat 2 0 'read 1 file \([0-9]+ bytes\); 2 rows \(AWSCloudTrail 2'

exit 0
