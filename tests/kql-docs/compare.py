#!/usr/bin/env python3
# tests/kql-docs/compare.py - runs the KQL examples of Microsoft's docs
# (../shared/corpus/kql-docs/examples.jsonl) through `trawl query` and
# compares result columns and rows with the documented ones.
#
#   compare.py TRAWL EXAMPLES.jsonl KNOWN.tsv WORKDIR [ID...]
#
# Documented cells are Markdown text: whitespace is normalised, numbers are
# compared by value (to the digits the page prints), datetimes and timespans
# by ticks, booleans as true/false (or 1/0), dynamic values as JSON trees.
# Rows are compared as multisets unless the query sorts (sort/order by/top).
#
# Each example gets a status: pass, mismatch (columns or rows differ),
# unsupported (trawl rejects it as outside its scope), error (any other
# failure: compile error, crash, timeout). KNOWN.tsv lists examples known
# to differ (id, status, reason); only examples outside it that do not pass
# are failures. Prints the protocol lines of tests/run (ok/FAIL) and writes
# every verdict to WORKDIR/results.tsv.
import concurrent.futures
import html
import json
import math
import os
import re
import subprocess
import sys

TIMEOUT = int(os.environ.get("KQLDOCS_TIMEOUT", "30"))


# ------------------------------------------------------------ cells

def md_text(cell):
    """Markdown cell text -> plain text with normalised whitespace."""
    s = cell.replace("<br/>", "\n").replace("<br>", "\n").replace("<br />", "\n")
    s = html.unescape(s).replace("\\|", "|")
    s = s.strip()
    if len(s) >= 2 and s[0] == "`" and s[-1] == "`":
        s = s.strip("`")
    return " ".join(s.split())


def squash(s):
    return "".join(s.split())


DT_RE = re.compile(r"^(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d)(?:\.(\d+))?)?)?\s*Z?$")
TS_RE = re.compile(r"^(-)?(?:(\d+)\.)?(\d+):(\d\d):(\d\d)(?:\.(\d+))?$")


def dt_key(s):
    m = DT_RE.match(s.strip())
    if not m:
        return None
    y, mo, d, h, mi, se, fr = m.groups()
    fr = (fr or "0")[:7].ljust(7, "0")
    return (int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(se or 0), int(fr))


def ts_key(s):
    m = TS_RE.match(s.strip())
    if not m:
        return None
    neg, d, h, mi, se, fr = m.groups()
    fr = (fr or "0")[:7].ljust(7, "0")
    t = ((int(d or 0) * 24 + int(h)) * 60 + int(mi)) * 60 + int(se)
    t = t * 10000000 + int(fr)
    return -t if neg else t


def num(s):
    s = s.strip()
    low = s.lower()
    if low in ("nan",):
        return math.nan
    if low in ("infinity", "+infinity", "inf", "∞"):
        return math.inf
    if low in ("-infinity", "-inf", "-∞"):
        return -math.inf
    try:
        return float(s.replace(",", "")) if re.fullmatch(r"-?[\d,]*\.?\d*(e[-+]?\d+)?", low) else None
    except ValueError:
        return None


def num_eq(doc_text, got):
    """doc_text printed by the page (maybe rounded), got a float."""
    d = num(doc_text)
    if d is None or got is None:
        return False
    if math.isnan(d) or math.isnan(got):
        return math.isnan(d) and math.isnan(got)
    if math.isinf(d) or math.isinf(got):
        return d == got
    if d == got:
        return True
    # The page may round: allow half a unit of its last printed digit, and
    # a relative 1e-9 for binary noise.
    m = re.search(r"\.(\d+)", doc_text.lower().split("e")[0])
    digits = len(m.group(1)) if m else 0
    exp = 0
    if "e" in doc_text.lower():
        try:
            exp = int(doc_text.lower().split("e")[1])
        except ValueError:
            exp = 0
    tol = 0.5 * 10 ** (exp - digits) if digits or exp else 0.5
    if not m and not exp and abs(d) < 1e15:
        tol = 1e-9 * max(1.0, abs(d))   # an integer on the page: exact-ish
    return abs(d - got) <= tol + 1e-9 * max(abs(d), abs(got))


def json_eq(a, b):
    """Structural equality with numeric tolerance (1 == 1.0)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b or a == b and type(a) is type(b)
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        if isinstance(a, float) and math.isnan(a):
            return isinstance(b, float) and math.isnan(b)
        return a == b or abs(a - b) <= 1e-9 * max(abs(a), abs(b))
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(json_eq(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(json_eq(a[k], b[k]) for k in a)
    if isinstance(a, str) and isinstance(b, str):
        # dynamic datetimes/timespans inside trees
        if a == b:
            return True
        ka, kb = dt_key(a), dt_key(b)
        if ka is not None and ka == kb:
            return True
        return " ".join(a.split()) == " ".join(b.split())
    return a == b


def loads(s):
    try:
        return True, json.loads(s)
    except (ValueError, RecursionError):
        return False, None


def bool_text(s):
    low = s.strip().lower()
    if low in ("true", "1"):
        return "true"
    if low in ("false", "0"):
        return "false"
    return None


def cell_eq(typ, doc_cell, got):
    doc = md_text(doc_cell)
    if got is None:  # null: Kusto shows an empty cell
        return doc == "" or (typ != "string" and doc.lower() == "null")
    if typ == "string":
        if not isinstance(got, str):
            got = json.dumps(got)
        g = " ".join(got.split())
        if g == doc:
            return True
        oka, a = loads(g)
        okb, b = loads(doc)
        if oka and okb and isinstance(a, (dict, list)) and json_eq(a, b):
            return True
        return squash(g) == squash(doc)
    if typ == "bool":
        return bool_text(doc) == ("true" if got is True else "false" if got is False else None)
    if typ in ("long", "int", "real", "decimal"):
        if isinstance(got, str):
            got = num(got)
        if isinstance(got, bool) or got is None:
            return False
        if typ in ("long", "int") and num(doc) is not None and isinstance(got, int):
            return num(doc) == got or doc.replace(",", "") == str(got)
        return num_eq(doc, float(got))
    if typ == "datetime":
        return isinstance(got, str) and dt_key(doc) is not None and dt_key(doc) == dt_key(got)
    if typ == "timespan":
        return isinstance(got, str) and ts_key(doc) is not None and ts_key(doc) == ts_key(got)
    if typ == "guid":
        return isinstance(got, str) and got.lower() == doc.lower()
    # dynamic (and anything else): JSON trees
    if isinstance(got, str):
        if " ".join(got.split()) == doc:
            return True
    okd, d = loads(doc)
    if okd:
        if json_eq(d, got):
            return True
        if isinstance(d, (int, float)) and isinstance(got, (int, float)) and not isinstance(got, bool):
            return num_eq(doc, float(got))
        return False
    if isinstance(got, (int, float)) and not isinstance(got, bool):
        return num_eq(doc, float(got))
    if isinstance(got, bool):
        return bool_text(doc) == ("true" if got else "false")
    if doc == "" and got == "":
        return True
    return squash(doc) == squash(json.dumps(got, separators=(",", ":"))) or \
        squash(doc).replace("'", '"') == squash(json.dumps(got, separators=(",", ":")))


def row_eq(types, doc_row, got_row):
    return len(doc_row) == len(got_row) and all(
        cell_eq(t, d, g) for t, d, g in zip(types, doc_row, got_row))


def rows_match(types, doc_rows, got_rows, ordered):
    # Markdown tables may leave trailing empty cells out.
    doc_rows = [list(r) + [""] * (len(types) - len(r)) if len(r) < len(types) else r
                for r in doc_rows]
    if len(doc_rows) != len(got_rows):
        return False, "%d rows, documented %d" % (len(got_rows), len(doc_rows))
    if ordered:
        for i, (d, g) in enumerate(zip(doc_rows, got_rows)):
            if not row_eq(types, d, g):
                break
        else:
            return True, ""
    # multiset match (greedy is enough: equality is near-transitive)
    left = list(got_rows)
    for d in doc_rows:
        for j, g in enumerate(left):
            if row_eq(types, d, g):
                del left[j]
                break
        else:
            return False, "documented row %s not found (got e.g. %s)" % (
                json.dumps(d)[:200], json.dumps(left[0])[:200] if left else "-")
    if ordered:
        return False, "rows in a different order"
    return True, ""


SORT_RE = re.compile(r"\b(sort|order)\s+by\b|\|\s*top\s", re.I)
UNSUPPORTED_RE = re.compile(
    r"does not refer to any known function|not supported|unsupported|cannot run|"
    r"is not implemented|unknown plugin", re.I)


def example_ids(examples):
    ids, seen = [], {}
    for e in examples:
        stem = os.path.basename(e["doc"])
        stem = stem[:-3] if stem.endswith(".md") else stem
        seen[stem] = seen.get(stem, 0) + 1
        ids.append("%s#%d" % (stem, seen[stem]))
    return ids


def first_line(s):
    s = s.strip().splitlines()
    return s[0][:200] if s else ""


def run_one(trawl, ex, check_cols):
    q = ex["query"]
    try:
        p = subprocess.run([trawl, "query", "--format", "jsonl", "-q", q],
                           stdin=subprocess.DEVNULL, capture_output=True,
                           timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return "error", "timeout after %ds" % TIMEOUT
    err = p.stderr.decode("utf-8", "replace")
    if p.returncode < 0 or "AddressSanitizer" in err or "runtime error:" in err:
        return "error", "crash (rc %d): %s" % (p.returncode, first_line(err))
    if p.returncode not in (0, 4):
        msg = first_line(err)
        if UNSUPPORTED_RE.search(msg):
            return "unsupported", msg
        return "error", "rc %d: %s" % (p.returncode, msg)
    names = [c[0] for c in ex["columns"]]
    dtypes = [c[1] for c in ex["columns"]]
    rows = []
    keys = None
    for line in p.stdout.decode("utf-8", "replace").splitlines():
        if not line.strip():
            continue
        try:
            obj = json.loads(line, object_pairs_hook=lambda kv: dict(kv))
        except ValueError:
            return "error", "bad JSON line: " + line[:100]
        if keys is None:
            keys = list(obj.keys())
        rows.append([obj.get(k) for k in keys])
    got_names = [c[0] for c in check_cols] if check_cols is not None else keys
    got_types = [c[1] for c in check_cols] if check_cols is not None else None
    if got_names is not None and got_names != names:
        return "mismatch", "columns %s, documented %s" % (got_names, names)
    if got_types is not None:
        for n, g, d in zip(names, got_types, dtypes):
            if d != "unknown" and g != d:
                return "mismatch", "column %s is %s, documented %s" % (n, g, d)
    types = [g if (got_types and g) else d for g, d in
             zip(got_types or dtypes, dtypes)]
    if keys is not None and keys != names:
        return "mismatch", "output keys %s, documented %s" % (keys, names)
    ok, why = rows_match(types, ex["documented_rows"], rows,
                         bool(SORT_RE.search(q)))
    return ("pass", "") if ok else ("mismatch", why)


def check_columns(trawl, workdir, examples):
    """Result columns of every example by `trawl check --format jsonl`."""
    qdir = os.path.join(workdir, "queries")
    os.makedirs(qdir, exist_ok=True)
    files = []
    for i, e in enumerate(examples):
        f = os.path.join(qdir, "%03d.kql" % i)
        with open(f, "w", encoding="utf-8") as fh:
            fh.write(e["query"])
        files.append(f)
    cols = {}
    try:
        p = subprocess.run([trawl, "check", "--format", "jsonl"] + files,
                           capture_output=True, timeout=TIMEOUT * 4)
    except subprocess.TimeoutExpired:
        return cols
    for line in p.stdout.decode("utf-8", "replace").splitlines():
        try:
            o = json.loads(line)
        except ValueError:
            continue
        if isinstance(o, dict) and o.get("ok") and "file" in o:
            cols[o["file"]] = o.get("columns") or []
    return {i: cols.get(f) for i, f in enumerate(files)}


def main():
    trawl, path, known_path, workdir = sys.argv[1:5]
    only = set(sys.argv[5:])
    examples = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
    ids = example_ids(examples)
    known = {}
    if os.path.exists(known_path):
        for line in open(known_path, encoding="utf-8"):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.rstrip("\n").split("\t")
            known[parts[0]] = parts[1:] + ["", ""]
    os.makedirs(workdir, exist_ok=True)
    cols = check_columns(trawl, workdir, examples)
    todo = [i for i in range(len(examples)) if not only or ids[i] in only]
    results = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        futs = {pool.submit(run_one, trawl, examples[i], cols.get(i)): i for i in todo}
        for f in concurrent.futures.as_completed(futs):
            results[futs[f]] = f.result()
    counts = {}
    fails, fixed = [], []
    with open(os.path.join(workdir, "results.tsv"), "w", encoding="utf-8") as out:
        for i in todo:
            st, why = results[i]
            counts[st] = counts.get(st, 0) + 1
            out.write("%s\t%s\t%s\n" % (ids[i], st, why.replace("\t", " ")))
            if st == "pass":
                if ids[i] in known:
                    fixed.append(ids[i])
            elif ids[i] not in known:
                fails.append((ids[i], st, why))
            elif st == "error" and why.startswith("crash"):
                fails.append((ids[i], st, why))
    for id_, st, why in fails:
        print("FAIL kql-docs/%s: %s: %s" % (id_, st, why))
    n = len(todo)
    summary = ", ".join("%d %s" % (counts.get(k, 0), k)
                        for k in ("pass", "mismatch", "unsupported", "error"))
    rate = 100.0 * counts.get("pass", 0) / n if n else 0.0
    ran = n - counts.get("unsupported", 0)
    summary += ", %.1f%% of the %d trawl supports" % (
        100.0 * counts.get("pass", 0) / ran if ran else 0.0, ran)
    print("ok kql-docs-summary: %d examples: %s (%.1f%% pass)" % (n, summary, rate)
          if not fails else
          "FAIL kql-docs-summary: %d examples: %s (%.1f%% pass), %d not in known.tsv"
          % (n, summary, rate, len(fails)))
    if fixed:
        sys.stderr.write("kql-docs: now passing, remove from known.tsv: %s\n"
                         % " ".join(fixed))
    sys.stderr.write("kql-docs: %s (%.1f%% pass); verdicts in %s\n"
                     % (summary, rate, os.path.join(workdir, "results.tsv")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
