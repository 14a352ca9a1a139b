/*
 * exec/exec.h - the executor's internal model: batches in flight, the
 * physical operators (push model), the plan and the per-run context.
 *
 * A plan is a DAG of operators built once from the bound AST (plan.c).
 * Sources (table scans, print, datatable, range) push batches of rows to
 * their consumers: consume(batch) for each batch, finish() once all of an
 * operator's inputs are done. Streaming operators (where, project, extend,
 * ...) transform and push on; breakers (summarize, sort, join, ...) copy
 * what they keep into their own arena and emit at finish. A shared subtree
 * (a tabular let used twice, materialize()) is one operator with several
 * consumers, so it is computed once. The whole input is read once for all
 * scans of a query (run.c).
 *
 * A batch in flight borrows its column arrays; consumers never modify them
 * (they build new arrays in the batch's scratch arena).
 */
#ifndef TW_EXEC_EXEC_H
#define TW_EXEC_EXEC_H

#include <stdbool.h>
#include <stdint.h>

#include "functions/function.h"
#include "ingest/ingest.h"
#include "kql/ast.h"
#include "value/value.h"

/* Returned by consume/finish when the consumer asked to stop (not an
 * error). Errors are trawl_status values. */
#define TW_EXEC_STOP 1000
/* Returned by a scan batch when no operator wants more input (take has all
 * its rows): the reader may stop, the run still finishes normally. */
#define TW_EXEC_DONE 1001

/* Operators plan.c may build (their files are linked in when used). */
#define TW_HAVE_OP_DISTINCT 1
#define TW_HAVE_OP_JOIN 1
#define TW_HAVE_OP_SUMMARIZE 1
#define TW_HAVE_OP_MVEXPAND 1
#define TW_HAVE_OP_PARSE 1

typedef struct tw_xbatch {
  uint32_t nrows;
  uint32_t ncols;
  tw_value **cols;   /* cols[c][r]; borrowed */
  tw_arena *arena;   /* scratch for values made while this batch flows */
} tw_xbatch;

/* An evaluated expression over a batch: value of row r is v[isconst?0:r]. */
typedef struct tw_vec {
  const tw_value *v;
  bool isconst;
} tw_vec;

static inline const tw_value *tw_vec_at(const tw_vec *x, uint32_t r) {
  return x->isconst ? &x->v[0] : &x->v[r];
}

typedef struct tw_exec tw_exec;
typedef struct tw_op tw_op;

typedef struct tw_op_vt {
  const char *name;
  /* Set up run state (op->rs). */
  int (*open)(tw_exec *x, tw_op *op);
  int (*consume)(tw_exec *x, tw_op *op, uint32_t port, const tw_xbatch *b);
  /* All inputs finished (sources: called by the driver). */
  int (*finish)(tw_exec *x, tw_op *op);
  /* Free run state. */
  void (*close)(tw_op *op);
  /* Free plan data (op->st). May be NULL. */
  void (*destroy)(tw_op *op);
} tw_op_vt;

typedef struct tw_op_out {
  tw_op *op;
  uint32_t port;
} tw_op_out;

enum tw_op_kind {
  OP_SCAN, OP_CONST_SRC, OP_WHERE, OP_PROJECT, OP_REMAP, OP_EXTEND,
  OP_SUMMARIZE, OP_SORT, OP_TAKE, OP_COUNT, OP_DISTINCT, OP_JOIN,
  OP_UNION, OP_MVEXPAND, OP_PARSE, OP_PASS, OP_SINK
};

struct tw_op {
  int kind;                /* enum tw_op_kind */
  const tw_op_vt *vt;
  tw_ast *node;            /* the AST node it runs */
  const tw_schema *schema; /* output columns */
  tw_op **ins;             /* producers, by port */
  uint32_t nin;
  tw_op_out *outs;         /* consumers (several for a shared subtree) */
  uint32_t nouts, outcap;
  uint8_t *need;           /* need[c]: output column c is read downstream */
  void *st;                /* plan data, kind-specific */
  void *rs;                /* run state */
  uint32_t ndone;          /* inputs finished in this run */
  uint32_t id;             /* creation order */
  bool done;               /* wants no more input in this run */
};

/* A scan's reader subscription data (plan.c). */
typedef struct tw_scan_info {
  trawl_table table;
  uint8_t *need;           /* table column count */
  /* Prefilters: those that do not depend on now() are fixed; the time
   * ones are computed at run from `texpr` (a constant expression). */
  tw_prefilter *pre;
  uint32_t npre;
  tw_ast **texpr;          /* per prefilter: time expression or NULL */
  bool *now_dep;           /* per prefilter: depends on now() */
  /* Leading where conjuncts (full predicates) that do not use now(): the
   * store keeps only rows passing them. */
  tw_ast **conj;
  uint32_t nconj;
} tw_scan_info;

typedef struct tw_plan {
  tw_arena *arena;         /* the query's arena (plan lives with it) */
  tw_op **ops;             /* creation order: producers before consumers */
  uint32_t nops, opcap;
  tw_op **scans;           /* OP_SCAN operators */
  uint32_t nscans;
  tw_op **srcs;            /* constant sources (print, datatable, range) */
  uint32_t nsrcs;
  tw_op *sink;             /* delivers result rows */
  tw_ast **memo_node;      /* tabular node -> op (shared subtrees) */
  tw_op **memo_op;
  uint32_t nmemo, memocap;
  tw_ast **subq_node;      /* tabular expressions used as scalars */
  struct tw_plan **subq_plan; /* (toscalar(T), x in (T)), run first */
  uint32_t nsubq;
  tw_op *invoke_in;        /* while planning `invoke f()`: its input, what
                              the body's piped-table stand-in stands for */
  const char *unsupported; /* first operator/function we cannot run */
  uint32_t unsup_off, unsup_len;
} tw_plan;

struct tw_exec {
  tw_plan *plan;
  tw_eval_ctx ectx;        /* arena switched per batch */
  trawl_diag *diag;
  trawl_row_fn cb;
  void *cbctx;
  tw_arena scratch;        /* scan batches' scratch */
  tw_value *nullcols[TW_T_COUNT]; /* TW_BATCH_ROWS nulls per type */
  tw_value *subq_val;      /* per plan subquery: its first column as a */
  tw_value *subq_first;    /* dynamic array, and its first value */
  tw_arena subq_arena;
  tw_ast **agg_nodes;      /* summarize: aggregate calls and their */
  tw_value **agg_cols;     /* result columns while items are evaluated */
  uint32_t nagg;
  bool has_window;         /* scans show only wstart < TimeGenerated <= wend */
  int64_t wstart, wend;
};

/* ------------------------------------------------------------ eval.c */

/* Evaluate a scalar expression over all rows of b. */
int tw_eval(tw_exec *x, tw_ast *e, const tw_xbatch *b, tw_vec *out);
/* Evaluate into a full column array (constants repeated). */
int tw_eval_col(tw_exec *x, tw_ast *e, const tw_xbatch *b, tw_value **out);
/* Evaluate an expression that uses no columns once (b may be NULL). */
int tw_eval_const(tw_exec *x, tw_ast *e, tw_arena *a, tw_value *out);
/* Does e (scalar) use columns or row-dependent functions? */
bool tw_expr_is_const(const tw_ast *e);
/* Does e call now() or ago()? */
bool tw_expr_uses_now(const tw_ast *e);
/* Fill x->ectx and friends. */
void tw_exec_errorf(tw_exec *x, trawl_status code, const tw_ast *at,
                    const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
/* Is this AST kind a tabular expression? */
bool tw_ast_is_tabular(const tw_ast *e);

/* ------------------------------------------------------------ ops */

/* Push b to every consumer of op. */
int tw_op_emit(tw_exec *x, tw_op *op, const tw_xbatch *b);
/* op wants no more input; producers all of whose consumers are done are
 * marked too. */
void tw_op_mark_done(tw_op *op);
/* Tell every consumer that op is done. */
int tw_op_emit_finish(tw_exec *x, tw_op *op);

/* A growing list of rows (ncols values each) copied into its own arena;
 * used by breakers. */
typedef struct tw_rows {
  tw_arena arena;
  tw_value **rows;
  size_t n, cap;
  uint32_t ncols;
} tw_rows;

void tw_rows_init(tw_rows *r, uint32_t ncols);
void tw_rows_free(tw_rows *r);
/* Append row `r` of b, columns src[0..ncols-1] of b (NULL = identity),
 * deep-copying values; extra values (ext, nex) appended after. Returns the
 * row or NULL on OOM. */
tw_value *tw_rows_add(tw_rows *rs, const tw_xbatch *b, uint32_t r,
                      const int32_t *src);
/* Emit rows (in `order` if not NULL) in batches of width ncols_out taking
 * the first ncols_out values of each row. */
int tw_rows_emit(tw_exec *x, tw_op *op, tw_value *const *rows, size_t n,
                 uint32_t ncols_out);

/* Make an operator (plan.c helper): allocates in plan arena. */
tw_op *tw_op_new(tw_plan *p, int kind, const tw_op_vt *vt, tw_ast *node,
                 const tw_schema *schema, tw_op **ins, uint32_t nin);

/* Operator constructors (op_*.c). Return NULL on OOM; an operator that
 * cannot be built marks p->unsupported. */
tw_op *tw_op_scan(tw_plan *p, tw_ast *node, trawl_table t);
tw_op *tw_op_source(tw_plan *p, tw_ast *node);    /* print/datatable/range */
tw_op *tw_op_where(tw_plan *p, tw_ast *node, tw_op *in);
tw_op *tw_op_project(tw_plan *p, tw_ast *node, tw_op *in);
tw_op *tw_op_remap(tw_plan *p, tw_ast *node, tw_op *in);
tw_op *tw_op_extend(tw_plan *p, tw_ast *node, tw_op *in);
tw_op *tw_op_pass(tw_plan *p, tw_ast *node, tw_op *in);
tw_op *tw_op_take(tw_plan *p, tw_ast *node, tw_op *in);
tw_op *tw_op_count(tw_plan *p, tw_ast *node, tw_op *in);
tw_op *tw_op_sort(tw_plan *p, tw_ast *node, tw_op *in);
tw_op *tw_op_union(tw_plan *p, tw_ast *node, tw_op **legs, uint32_t n);
tw_op *tw_op_summarize(tw_plan *p, tw_ast *node, tw_op *in);
tw_op *tw_op_distinct(tw_plan *p, tw_ast *node, tw_op *in);
tw_op *tw_op_join(tw_plan *p, tw_ast *node, tw_op *left, tw_op *right);
/* Column needs of a join's inputs from its output needs and keys. */
void tw_join_need(tw_op *op);
tw_op *tw_op_mvexpand(tw_plan *p, tw_ast *node, tw_op *in);
tw_op *tw_op_parse(tw_plan *p, tw_ast *node, tw_op *in);
tw_op *tw_op_sink(tw_plan *p, tw_op *in);

/* Where: the conjuncts a where operator tests (plan.c reads them). */
typedef struct tw_where_info {
  tw_ast **conj;
  uint32_t nconj;
} tw_where_info;

/* Mark in need[] (input columns) the columns an expression reads; `*`
 * marks all ncols. */
void tw_need_expr(const tw_ast *e, uint8_t *need, uint32_t ncols);

/* ------------------------------------------------------------ plan.c */

/* Build the plan of a bound query. Returns TRAWL_OK or NOMEM. */
trawl_status tw_plan_build(tw_plan *p, tw_arena *a, tw_ast *query,
                           trawl_diag *diag);
/* Plan of one tabular expression (subqueries). */
trawl_status tw_plan_build_node(tw_plan *p, tw_arena *a, tw_ast *node,
                                trawl_diag *diag);
void tw_plan_free(tw_plan *p);

/* ------------------------------------------------------------ subquery.c */

/* Find the tabular expressions op's expressions use as values and plan
 * them (once per node). 0 or -1 (OOM). */
int tw_plan_subqueries(tw_plan *p, tw_op *op);
/* Run x's plan's subqueries (before its sources). */
int tw_run_subqueries(tw_exec *x);
/* The value of subquery `node` in this run: as_list gives its first column
 * as a dynamic array (for in / has_any), else its first value (toscalar).
 * 0, or TRAWL_ERR_UNSUPPORTED if the node is not a planned subquery. */
int tw_subq_value(tw_exec *x, const tw_ast *node, bool as_list,
                  tw_value *out);

/* ------------------------------------------------------------ run.c */

/* Open all operators, run the constant sources. */
int tw_run_begin(tw_exec *x, tw_plan *p, int64_t now, trawl_row_fn cb,
                 void *cbctx, trawl_diag *diag);
/* Push a scan batch (from the reader or the store) to scan op i. */
int tw_run_scan_batch(tw_exec *x, uint32_t scan, const tw_batch *b);
/* Finish all scans; flushes breakers. */
int tw_run_end(tw_exec *x);
/* Close all operators and free run memory. */
void tw_run_close(tw_exec *x);
/* Reader subscriptions for every scan of p (store.c): needed columns
 * (plus TimeGenerated when need_time or a window is set), prefilters (the
 * now()-dependent ones left out when skip_now_dep; the window as two time
 * bounds). The caller frees the three arrays. */
int tw_run_subscriptions(tw_exec *x, tw_plan *p, bool skip_now_dep,
                         bool need_time, tw_subscription **subs,
                         tw_prefilter **pre, uint8_t **need);
/* Time prefilters for scan i at x's now (fills a copy). */
int tw_run_prefilters(tw_exec *x, uint32_t scan, tw_prefilter *out,
                      bool skip_now_dep);

#endif
