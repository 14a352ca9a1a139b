/*
 * kql/check.c - trawl_query_check(): parse, apply --set values and bind a
 * query without running it (constant regexes compiled, as
 * trawl_query_compile does), and hand back its result schema (what
 * `trawl check` prints).
 */
#include <stdlib.h>
#include <string.h>

#include "base/limits.h"
#include "functions/function.h"
#include "kql/bind.h"
#include "kql/parse.h"
#include "trawl.h"

void trawl_check_free(char **names, trawl_type *types, size_t ncols) {
  if (names) {
    for (size_t i = 0; i < ncols; i++) {
      free(names[i]);
    }
  }
  free(names);
  free(types);
}

static void set_diag(trawl_diag *d, trawl_status code, const char *msg) {
  if (d) {
    memset(d, 0, sizeof *d);
    d->code = code;
    strncpy(d->message, msg, sizeof d->message - 1);
  }
}

trawl_status trawl_query_check(const char *text, size_t len,
                               const trawl_compile_opts *opts, char ***names,
                               trawl_type **types, size_t *ncols,
                               trawl_diag *diag) {
  trawl_status st;
  tw_arena a;
  tw_ast *q = NULL;
  *names = NULL;
  *types = NULL;
  *ncols = 0;
  if (diag) {
    memset(diag, 0, sizeof *diag);
  }
  if (!text || len > TW_MAX_QUERY_BYTES) {
    set_diag(diag, TRAWL_ERR_LIMIT, "The query is too large.");
    return TRAWL_ERR_LIMIT;
  }
  tw_arena_init(&a, 0);
  st = tw_parse_query(text, len, &a, &q, diag);
  if (st == TRAWL_OK && opts) {
    for (size_t i = 0; i < opts->nsets && st == TRAWL_OK; i++) {
      st = tw_query_set_let(q, opts->set_names[i], opts->set_values[i], &a,
                            diag);
    }
  }
  if (st == TRAWL_OK) {
    st = tw_bind_query_text(q, text, len, &a, diag);
  }
  if (st == TRAWL_OK) {
    /* Constant regular expressions must compile, as trawl_query_compile
     * checks before reading any input. */
    st = tw_fn_check_tree(q, diag);
  }
  if (st == TRAWL_OK) {
    const tw_schema *s = tw_bind_result(q);
    size_t n = s ? s->ncols : 0;
    char **nm = calloc(n ? n : 1, sizeof *nm);
    trawl_type *ty = calloc(n ? n : 1, sizeof *ty);
    int ok = nm && ty;
    for (size_t i = 0; ok && i < n; i++) {
      nm[i] = strdup(s->cols[i].name);
      ty[i] = s->cols[i].type;
      ok = nm[i] != NULL;
    }
    if (!ok) {
      trawl_check_free(nm, ty, n);
      set_diag(diag, TRAWL_ERR_NOMEM, "out of memory");
      st = TRAWL_ERR_NOMEM;
    } else {
      *names = nm;
      *types = ty;
      *ncols = n;
    }
  }
  tw_arena_free(&a);
  return st;
}
