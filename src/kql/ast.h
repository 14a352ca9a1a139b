/*
 * kql/ast.h - the syntax tree shared by the parser, binder and executor.
 *
 * One node type for everything: a kind, a span into the query text, an
 * optional name, an optional literal and an array of children whose layout
 * each kind documents below. The parser builds it (kql/parse*.c), the
 * binder annotates it in place and may rewrite it (kql/bind*.c), the planner
 * and executor read the annotated tree (exec/). Sigma rules become the same
 * tree (sigma/).
 *
 * All nodes, child arrays and strings live in the query's arena.
 *
 * After binding (the contract exec relies on):
 *  - every scalar expression node has `type` set (never TW_T_UNKNOWN);
 *  - every tabular node (table refs, pipes, each operator) has `schema`,
 *    the columns it outputs;
 *  - AST_NAME nodes have `bind`: TW_BIND_COLUMN (slot = column index in the
 *    row of the operator's input), or TW_BIND_EXPR (ref = the expression the
 *    name stands for: a scalar let's value or an inlined function argument;
 *    evaluate it in the same row context);
 *  - AST_TABLE_REF has bind TW_BIND_TABLE (slot = trawl_table) or
 *    TW_BIND_TABULAR (ref = the bound tabular expression it names; several
 *    references may share one subtree: it is a DAG);
 *  - AST_CALL has bind TW_BIND_FUNCTION (slot = tw_fn id), TW_BIND_AGGREGATE
 *    (slot = tw_agg id) or was replaced by the inlined body of a user
 *    function;
 *  - `let` statements stay in the tree for reference, but exec only follows
 *    refs from the final expression.
 *
 * Binder details (kql/bind*.c) exec can rely on as well:
 *  - extend/serialize items are all bound against the operator's input row
 *    (Kusto does not let a later item see an earlier one); an item whose
 *    name already exists replaces that column in place, others append.
 *    Unnamed project/extend/serialize/distinct items and summarize and
 *    make-series by-items are wrapped in AST_ASSIGN carrying their auto
 *    name (Column1, x for tostring(x) ...).
 *  - join/lookup conditions are rewritten to AST_BINARY BIN_EQ whose kids[0]
 *    is AST_MEMBER `$left.X` (bind COLUMN, slot in the left input) and
 *    kids[1] AST_MEMBER `$right.Y` (slot in the right input); a bare key
 *    name becomes such a pair. Lookup drops the right key columns.
 *  - summarize: output = by-columns, then per aggregate item one column,
 *    except arg_max/arg_min/take_any/any (one column per argument; the
 *    binder expands `*` into AST_NAME column kids, leaving out by-columns
 *    and arg_max's first argument) and percentiles (one per percentile).
 *  - a name of a tabular let used as a scalar argument (`x in (T)`,
 *    toscalar(T)) becomes AST_TABLE_REF bind TW_BIND_TABULAR with schema.
 *    materialize(T) is AST_CALL TW_FN_materialize with schema = T's;
 *    typeof(T) is AST_CALL TW_FN_typeof with decl_type = T.
 *  - user functions: the call node is overwritten with the bound copy of
 *    the body's result; scalar parameters are TW_BIND_EXPR refs to the
 *    argument (bound in the caller's row), wrapped in a conversion call
 *    (tolong, toreal, tostring ...) when its type differs from the
 *    parameter's declared type. In `invoke`, the piped input is
 *    an AST_TABLE_REF with bind TW_BIND_NONE and schema = the input.
 *  - mv-expand/mv-apply: each AST_MV_ITEM's type, name and slot are its
 *    output column's type, name and index in the operator's output.
 *    parse: each AST_COLUMN_DECL's slot is its column in the output.
 *  - union: leg columns map to output columns by name and type (a name
 *    with several types becomes name_type columns); withsource first.
 *  - `T | ... | as X` makes X, for the rest of the query, a tabular let
 *    whose value is a new AST_PIPE sharing the kids up to the AS.
 *    `declare query_parameters(p:t [= v])` parameters are scalar lets
 *    (their default, or a typed null literal).
 *  - evaluate bag_unpack: the static schema is the input without the bag
 *    column (as Kusto's binder reports); the unpacked columns are dynamic.
 */
#ifndef TW_KQL_AST_H
#define TW_KQL_AST_H

#include <stdint.h>

#include "value/value.h"

typedef enum tw_ast_kind {
  /* ---- statements */
  AST_QUERY,        /* kids: statements; the last one is the result expr */
  AST_LET,          /* name = kids[0]: scalar expr, tabular expr or FUNC_DEF */
  AST_FUNC_DEF,     /* kids: AST_PARAM..., then body (AST_QUERY-like:
                       AST_BODY whose last kid is the result) */
  AST_BODY,         /* kids: lets..., result expression */
  AST_PARAM,        /* name; decl_type; op=1 for a tabular parameter whose
                       kids are AST_COLUMN_DECL (may be empty: (*)); a
                       default value, if any, is kids[0] of a scalar param */
  AST_SET_OPTION,   /* `set name [= value];` name; kids[0] optional value */
  AST_DECLARE,      /* `declare query_parameters(...)`: kids AST_PARAM */

  /* ---- tabular sources */
  AST_PIPE,         /* kids[0] = source, kids[1..] = operators in order */
  AST_TABLE_REF,    /* name = table, tabular let or parameter */
  AST_DATATABLE,    /* op = ncols; kids[0..op-1] AST_COLUMN_DECL, then the
                       values row-major (literal expressions) */
  AST_PRINT,        /* kids: expressions or AST_ASSIGN */
  AST_RANGE,        /* name = column; kids: from, to, step */
  AST_UNION_SRC,    /* `union A, B` as a source; like AST_UNION */

  /* ---- tabular operators (kids of AST_PIPE after kids[0]) */
  AST_WHERE,        /* kids[0] = predicate */
  AST_PROJECT,      /* kids: AST_ASSIGN or expressions */
  AST_PROJECT_AWAY, /* kids: AST_NAME, name may hold '*' wildcards */
  AST_PROJECT_KEEP, /* kids: AST_NAME patterns */
  AST_PROJECT_RENAME,  /* kids: AST_ASSIGN (name = new, kids[0] AST_NAME) */
  AST_PROJECT_REORDER, /* kids: AST_SORT_KEY over AST_NAME patterns */
  AST_EXTEND,       /* kids: AST_ASSIGN or expressions */
  AST_SUMMARIZE,    /* kids[0] = AST_LIST aggregates (AST_ASSIGN or call),
                       kids[1] = AST_LIST by-expressions (AST_ASSIGN or
                       expr); kids[2] optional AST_LIST of hints */
  AST_SORT,         /* kids: AST_SORT_KEY */
  AST_TOP,          /* kids[0] = count, kids[1] = AST_SORT_KEY */
  AST_TAKE,         /* kids[0] = count (take, limit) */
  AST_COUNT,        /* no kids */
  AST_DISTINCT,     /* kids: expressions; op = 1 for `distinct *` */
  AST_JOIN,         /* op = tw_join_kind; kids[0] = right tabular expr,
                       kids[1..] = conditions: AST_NAME (same-named key) or
                       AST_BINARY '==' of $left.X and $right.Y (AST_MEMBER
                       on AST_NAME "$left"/"$right") */
  AST_LOOKUP,       /* op = tw_join_kind (leftouter default or inner);
                       kids as AST_JOIN */
  AST_UNION,        /* kids: the other tabular expressions; op = flags
                       (TW_UNION_*); name = withsource column or NULL */
  AST_MV_EXPAND,    /* kids: AST_MV_ITEM...; kids may end with an
                       AST_LIST holding the `limit` count expression */
  AST_MV_ITEM,      /* kids[0] = expr or AST_ASSIGN; decl_type = `to typeof`
                       type or TW_T_UNKNOWN */
  AST_MV_APPLY,     /* kids[0] = AST_LIST of AST_MV_ITEM, kids[1] =
                       subquery pipe over the expanded rows */
  AST_PARSE,        /* op = tw_parse_kind; kids[0] = source expression,
                       kids[1..] = pattern: AST_LITERAL strings, AST_STAR
                       and AST_COLUMN_DECL (name, decl_type) */
  AST_AS,           /* name */
  AST_SERIALIZE,    /* kids: AST_ASSIGN or expressions */
  AST_EVALUATE,     /* kids[0] = plugin AST_CALL (bag_unpack, ...) */
  AST_INVOKE,       /* kids[0] = AST_CALL of a tabular function */
  AST_MAKE_SERIES,  /* kids[0] = AST_LIST aggregates, kids[1] = on expr,
                       kids[2] = from/to/step AST_LIST (may be empty),
                       kids[3] = AST_LIST by */
  AST_TOP_NESTED,   /* kids: AST_LIST per level */
  AST_SAMPLE,       /* kids[0] = count */
  AST_GETSCHEMA,
  AST_PROJECT_SMART, /* reserved */
  AST_EXTRACT_OP,   /* reserved */

  /* ---- scalar expressions */
  AST_LITERAL,      /* lit holds the value (strings in the query arena) */
  AST_NAME,         /* name: column, let, parameter, $left/$right */
  AST_CALL,         /* name = function; kids = arguments (an argument may
                       be a tabular expression, e.g. toscalar(T | ...),
                       materialize(T)) */
  AST_BINARY,       /* op = tw_binop; kids[0], kids[1] */
  AST_UNARY,        /* op = '-' or '+'; kids[0] */
  AST_IN,           /* op = tw_inop; kids[0] = lhs, kids[1..] = list items
                       (scalars, dynamic arrays, or one tabular expr) */
  AST_BETWEEN,      /* op = 0 between, 1 !between; kids: lhs, lo, hi */
  AST_MEMBER,       /* name = member; kids[0] = object (d.a) */
  AST_INDEX,        /* kids[0] = object, kids[1] = index (d["a"], d[0]) */
  AST_ASSIGN,       /* name = target; kids[0] = expression. For
                       (a, b) = f(...) kids[0] = expr and kids[1] = AST_LIST
                       of AST_NAME targets, name NULL */
  AST_STAR,         /* `*` (count(*), distinct *, parse patterns) */
  AST_LIST,         /* a plain group of kids */
  AST_SORT_KEY,     /* kids[0] = expr; op = TW_SORT_* flags */
  AST_COLUMN_DECL,  /* name; decl_type */
  AST_NAMED_ARG,    /* name = value inside calls/operators: kind=inner */
  AST_EXTERNALDATA, /* op = ncols; kids[0..op-1] AST_COLUMN_DECL, then URL
                       expressions, then optionally an AST_LIST of
                       AST_NAMED_ARG `with (...)` options */
  AST_OTHER_OP,     /* valid KQL that trawl parses without modelling it:
                       graph operators, fork, partition, scan, facet,
                       search, find, restrict/alias statements...; name =
                       its keyword, span = its text, no kids. The binder
                       rejects it (TRAWL_ERR_UNSUPPORTED). */

  AST_KIND_COUNT
} tw_ast_kind;

typedef enum tw_binop {
  BIN_ADD, BIN_SUB, BIN_MUL, BIN_DIV, BIN_MOD,
  BIN_LT, BIN_LE, BIN_GT, BIN_GE,
  BIN_EQ, BIN_NE,              /* ==  != (and <>) */
  BIN_EQ_CI, BIN_NE_CI,        /* =~  !~ */
  BIN_AND, BIN_OR,
  BIN_HAS, BIN_NOT_HAS, BIN_HAS_CS, BIN_NOT_HAS_CS,
  BIN_HASPREFIX, BIN_NOT_HASPREFIX, BIN_HASPREFIX_CS, BIN_NOT_HASPREFIX_CS,
  BIN_HASSUFFIX, BIN_NOT_HASSUFFIX, BIN_HASSUFFIX_CS, BIN_NOT_HASSUFFIX_CS,
  BIN_CONTAINS, BIN_NOT_CONTAINS, BIN_CONTAINS_CS, BIN_NOT_CONTAINS_CS,
  BIN_STARTSWITH, BIN_NOT_STARTSWITH, BIN_STARTSWITH_CS,
  BIN_NOT_STARTSWITH_CS,
  BIN_ENDSWITH, BIN_NOT_ENDSWITH, BIN_ENDSWITH_CS, BIN_NOT_ENDSWITH_CS,
  BIN_MATCHES_REGEX,
  BIN_LIKE, BIN_NOT_LIKE, BIN_LIKE_CS, BIN_NOT_LIKE_CS,
  BIN_COUNT
} tw_binop;

typedef enum tw_inop {
  IN_CS, IN_NOT_CS,     /* in   !in  */
  IN_CI, IN_NOT_CI,     /* in~  !in~ */
  IN_HAS_ANY, IN_HAS_ALL
} tw_inop;

typedef enum tw_join_kind {
  JOIN_INNERUNIQUE = 0,  /* the default */
  JOIN_INNER, JOIN_LEFTOUTER, JOIN_RIGHTOUTER, JOIN_FULLOUTER,
  JOIN_LEFTANTI, JOIN_RIGHTANTI, JOIN_LEFTSEMI, JOIN_RIGHTSEMI
} tw_join_kind;

enum {
  TW_SORT_DESC = 1,          /* absent: asc (sort's default is desc: the
                                parser sets the flag explicitly) */
  TW_SORT_NULLS_FIRST = 2,
  TW_SORT_NULLS_LAST = 4     /* neither: the direction's default */
};

enum { TW_UNION_OUTER = 0, TW_UNION_INNER = 1, TW_UNION_ISFUZZY = 2 };

typedef enum tw_parse_kind { PARSE_SIMPLE, PARSE_REGEX, PARSE_RELAXED }
    tw_parse_kind;

typedef enum tw_bind {
  TW_BIND_NONE = 0,
  TW_BIND_COLUMN,
  TW_BIND_EXPR,
  TW_BIND_TABLE,
  TW_BIND_TABULAR,
  TW_BIND_FUNCTION,
  TW_BIND_AGGREGATE
} tw_bind;

typedef struct tw_ast tw_ast;
struct tw_ast {
  uint16_t kind;        /* tw_ast_kind */
  uint16_t op;          /* kind-specific (tw_binop, tw_inop, flags ...) */
  uint32_t off, len;    /* span in the query text */
  const char *name;     /* NUL-terminated; query arena; or NULL */
  tw_value lit;         /* AST_LITERAL value */
  uint8_t decl_type;    /* declared type (AST_PARAM, AST_COLUMN_DECL, ...) */
  uint32_t nkids;
  tw_ast **kids;        /* query arena */

  /* ---- set by the binder */
  uint8_t type;         /* scalar result type */
  uint8_t bind;         /* tw_bind */
  int32_t slot;         /* column index, trawl_table, fn or agg id */
  tw_ast *ref;          /* bound target of a name (see top comment) */
  const tw_schema *schema; /* output columns of a tabular node */
  void *cache;          /* exec-private per-node state (compiled regex...) */
};

#endif
