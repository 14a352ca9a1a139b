/*
 * tests/unit/test_parse_fuzz.c - mutation fuzzing of the KQL lexer,
 * parser and printer (deterministic seeds): random deletions, insertions
 * of KQL-significant fragments and truncations of real queries must give
 * either a tree that prints and re-parses to the same tree, or a syntax
 * error whose position lies inside the text. Run under ASan+UBSan by
 * tests/run, this is the "never crash" check for hostile queries.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "kql/parse.h"

static const char *const base_queries[] = {
    "let Approved = dynamic([\"eastus\", 'westus']);\n"
    "AzureActivity\n| where TimeGenerated > ago(24h)\n"
    "| where OperationNameValue has_any (\"a/write\", \"b/write\")\n"
    "| extend Loc = tolower(extract('\"location\":\"([^\"]+)\"', 1, "
    "tostring(Properties)))\n| where Loc !in (Approved)\n"
    "| project TimeGenerated, Caller, Cloud = \"Azure\"",
    "union A, (B | take 1)\n| summarize c = count(), dcount(x) by bin(t, "
    "1h), k\n| sort by c desc nulls last | top 3 by c asc",
    "T | join kind=leftouter (U | where a == 1) on $left.a == $right.b, c\n"
    "| mv-expand d to typeof(string) limit 5 | parse s with * \"a=\" a:long",
    "let f = (T:(*), n:long = 3) { T | take n };\n"
    "datatable(a:int, b:string)[1, \"x\", int(null), h@'y']\n"
    "| invoke f(2) | project-away b* | project-rename c = a",
    "print d = dynamic({\"a\": [1, 2.5, null, datetime(2024-01-01)]}), "
    "g = guid(74be27de-1e4e-49d9-b579-fe0b331d3642), t = 1.5h, "
    "s = @\"C:\\x\" ```multi\nline```, r = real(-inf), x = d.a[0][\"k\"]",
    "T | where x between (1 .. 5) and y in~ ('a') and z !contains_cs \"q\" "
    "or not(s matches regex @'\\d+') | mv-apply e = arr on (summarize "
    "sum(e)) | make-series c = count() on t step 1d by k",
};

static const char *const frags[] = {
    "(", ")", "[", "]", "{", "}", "|", ";", ",", "'", "\"", "@", "`",
    "~", "!", "=", "==", "dynamic(", "datetime(", "let ", "1d", "-", ".",
    "..", "$left", "in~", "*", "\\", "h'", "```", "//", "\n", "where",
    "summarize", "by", "on", "kind=", "mv-apply", "(x:long)", "typeof(",
    "0x", "1e", "guid(", "int(null)", "!in", "between", "union ",
    "datatable(", "print ", "range x from 1 to", "toscalar(", "=~"};

static unsigned long long rng = 88172645463325252ULL;
static unsigned next_rand(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return (unsigned)(rng >> 11);
}

static int same(const tw_ast *a, const tw_ast *b) {
  if (!a || !b) {
    return a == b;
  }
  if (a->kind != b->kind || a->op != b->op || a->nkids != b->nkids ||
      a->decl_type != b->decl_type) {
    return 0;
  }
  if ((a->name == NULL) != (b->name == NULL) ||
      (a->name && strcmp(a->name, b->name) != 0)) {
    return 0;
  }
  if (a->kind == AST_LITERAL &&
      (a->lit.type != b->lit.type || a->lit.null != b->lit.null)) {
    return 0;
  }
  for (uint32_t i = 0; i < a->nkids; i++) {
    if (!same(a->kids[i], b->kids[i])) {
      return 0;
    }
  }
  return 1;
}

/* One mutated query: 0 if it behaved. */
static int run_one(const char *src, size_t n) {
  static char buf[1 << 16];
  if (n >= sizeof buf / 2) {
    n = sizeof buf / 2;
  }
  size_t m = n;
  memcpy(buf, src, n);
  int muts = 1 + (int)(next_rand() % 4);
  for (int k = 0; k < muts; k++) {
    size_t pos = m ? next_rand() % m : 0;
    unsigned op = next_rand() % 5;
    if (op < 2 && m) {
      memmove(buf + pos, buf + pos + 1, m - pos - 1);
      m--;
    } else if (op < 4) {
      const char *t = frags[next_rand() % (sizeof frags / sizeof *frags)];
      size_t l = strlen(t);
      if (m + l < sizeof buf) {
        memmove(buf + pos + l, buf + pos, m - pos);
        memcpy(buf + pos, t, l);
        m += l;
      }
    } else {
      m = pos;
    }
  }
  tw_arena a;
  tw_arena_init(&a, 0);
  tw_ast *t = NULL;
  trawl_diag d;
  memset(&d, 0, sizeof d);
  int bad = 0;
  if (tw_parse_query(buf, m, &a, &t, &d) == TRAWL_OK) {
    char *txt = tw_ast_print(t);
    tw_ast *t2 = NULL;
    if (!txt) {
      fprintf(stderr, "  print failed: %.*s\n", (int)m, buf);
      bad = 1;
    } else if (tw_parse_query(txt, strlen(txt), &a, &t2, &d) != TRAWL_OK ||
               !same(t, t2)) {
      fprintf(stderr, "  round trip failed (%s):\n%.*s\n---\n%s\n",
              d.message, (int)m, buf, txt);
      bad = 1;
    }
    free(txt);
  } else if (d.code != TRAWL_ERR_SYNTAX || d.off > m || d.off + d.len > m ||
             !d.message[0]) {
    fprintf(stderr, "  bad diagnostic (code %d, %zu+%zu of %zu)\n", d.code,
            d.off, d.len, m);
    bad = 1;
  }
  tw_arena_free(&a);
  return bad;
}

static void test_mutations(void) {
  int failures = 0;
  for (size_t q = 0; q < sizeof base_queries / sizeof *base_queries; q++) {
    for (int i = 0; i < 3000 && failures < 5; i++) {
      failures += run_one(base_queries[q], strlen(base_queries[q]));
    }
  }
  CHECK_EQ(failures, 0);
}

static void test_seed_mutations(void) {
  FILE *f = fopen("../shared/seed/t1535-seed.kql", "rb");
  if (!f) {
    return; /* only the built-in queries without ../shared */
  }
  static char src[1 << 15];
  size_t n = fread(src, 1, sizeof src, f);
  fclose(f);
  int failures = 0;
  for (int i = 0; i < 3000 && failures < 5; i++) {
    failures += run_one(src, n);
  }
  CHECK_EQ(failures, 0);
}

int main(void) {
  RUN(test_mutations);
  RUN(test_seed_mutations);
  return check_done();
}
