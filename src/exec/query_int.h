/*
 * exec/query_int.h - the compiled query object behind trawl_query, shared
 * by query.c (compile, run) and store.c (replay store).
 */
#ifndef TW_EXEC_QUERY_INT_H
#define TW_EXEC_QUERY_INT_H

#include "exec/exec.h"
#include "trawl.h"

struct trawl_query {
  tw_arena arena;          /* AST, schemas, plan */
  char *text;
  size_t len;
  tw_ast *ast;
  const tw_schema *result;
  tw_plan plan;
};

/* now() for a run: opts->now or the wall clock. */
int64_t tw_query_now(const trawl_run_opts *run);
/* Map an executor return code to a status (STOP is OK). */
trawl_status tw_query_status(int rc, trawl_diag *diag);

#endif
