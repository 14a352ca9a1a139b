/*
 * trawl.h - the one public header of libtrawl.
 *
 * libtrawl runs Microsoft Sentinel KQL analytic rules over raw cloud audit
 * logs (AWS CloudTrail, Azure Activity Log) as the Sentinel tables
 * AWSCloudTrail and AzureActivity. The `trawl` command is a thin layer on
 * top of this header.
 *
 * Pipeline:  files -> ingest (gzip, JSON, table mapping) -> rows
 *            KQL text -> lexer -> parser -> binder -> plan -> execution
 *
 * Conventions
 * - Every fallible call returns trawl_status and, when `diag` is not NULL,
 *   fills it with a message and, for query errors, the byte offset and
 *   length of the offending text.
 * - The library never prints, never exits. Output functions write only to
 *   the FILE* the caller hands them.
 * - Objects are used by one thread at a time; separate objects are
 *   independent. Destructors accept NULL.
 * - Strings are UTF-8 and carry lengths; they are not NUL-terminated unless
 *   stated.
 */
#ifndef TRAWL_H
#define TRAWL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TRAWL_VERSION "0.1.0"

/* ---------------------------------------------------------------- status */

typedef enum trawl_status {
  TRAWL_OK = 0,
  TRAWL_ERR_SYNTAX,      /* query text does not parse */
  TRAWL_ERR_NAME,        /* unknown table, column, function or let */
  TRAWL_ERR_TYPE,        /* wrong argument types or counts */
  TRAWL_ERR_RUNTIME,     /* error while running (bad regex, ...) */
  TRAWL_ERR_IO,          /* a file could not be opened or read */
  TRAWL_ERR_INPUT,       /* input data skipped (see the summary) */
  TRAWL_ERR_LIMIT,       /* a resource limit was reached */
  TRAWL_ERR_NOMEM,       /* out of memory */
  TRAWL_ERR_USAGE,       /* bad arguments to a library call */
  TRAWL_ERR_UNSUPPORTED  /* valid KQL that trawl cannot run yet */
} trawl_status;

/* One diagnostic. `off`/`len` locate it in the query text (bytes). */
typedef struct trawl_diag {
  trawl_status code;
  size_t off;
  size_t len;
  char message[512];
} trawl_diag;

/* A short name for a status ("syntax error", "unknown name", ...). */
const char *trawl_status_name(trawl_status s);

/* ---------------------------------------------------------------- values */

/* KQL scalar types. Names as Kusto spells them: trawl_type_name(). */
typedef enum trawl_type {
  TRAWL_T_UNKNOWN = 0,  /* not yet typed; never on a result column */
  TRAWL_T_BOOL,
  TRAWL_T_INT,
  TRAWL_T_LONG,
  TRAWL_T_REAL,
  TRAWL_T_DECIMAL,
  TRAWL_T_STRING,
  TRAWL_T_DATETIME,
  TRAWL_T_TIMESPAN,
  TRAWL_T_GUID,
  TRAWL_T_DYNAMIC
} trawl_type;

const char *trawl_type_name(trawl_type t);

/* A node of a dynamic (JSON-like) value. Immutable once built. */
typedef enum trawl_dyn_kind {
  TRAWL_DYN_NULL = 0,
  TRAWL_DYN_BOOL,
  TRAWL_DYN_LONG,
  TRAWL_DYN_REAL,
  TRAWL_DYN_STRING,
  TRAWL_DYN_DATETIME,  /* ticks; printed as an ISO string */
  TRAWL_DYN_TIMESPAN,  /* ticks; printed as [d.]hh:mm:ss[.fffffff] */
  TRAWL_DYN_GUID,      /* text in `s` */
  TRAWL_DYN_ARRAY,
  TRAWL_DYN_OBJECT
} trawl_dyn_kind;

typedef struct trawl_dyn {
  uint8_t kind;   /* trawl_dyn_kind */
  uint32_t n;     /* string bytes; array items; object members */
  union {
    int64_t i;                     /* bool (0/1), long, datetime, timespan */
    double r;                      /* real */
    const char *s;                 /* string, guid */
    const struct trawl_dyn *items; /* array: n nodes; object: 2n nodes,
                                      key (string node), value, in order */
  } u;
} trawl_dyn;

/*
 * A scalar value: 16 bytes, passed by value. Pointers are borrowed from
 * whatever produced the value (a batch or query arena); copy what you keep.
 * Strings are never null (a missing string is ""); every other type may be.
 */
typedef struct trawl_value {
  uint8_t type;   /* trawl_type */
  uint8_t null;   /* 1 = null */
  uint16_t pad;
  uint32_t len;   /* string and guid byte length */
  union {
    int64_t i;              /* bool (0/1), int, long, datetime, timespan */
    double r;               /* real, decimal */
    const char *s;          /* string, guid (canonical lower-case text) */
    const trawl_dyn *d;     /* dynamic */
  } u;
} trawl_value;

/* ----------------------------------------------------------------- input */

/* How a file's ambiguous "1/2/2024" CSV dates are read. */
typedef enum trawl_date_order {
  TRAWL_DATES_AUTO = 0,  /* decide per file from unambiguous values; else month-first */
  TRAWL_DATES_DAY_FIRST,
  TRAWL_DATES_MONTH_FIRST
} trawl_date_order;

/* Something in the input that was skipped or noted. */
typedef struct trawl_input_event {
  const char *file;      /* path as given ("-" for stdin) */
  uint64_t offset;       /* byte offset in the (decompressed) stream */
  uint64_t line;         /* 1-based line, 0 if unknown */
  uint64_t record;       /* 1-based record index in the file, 0 if none */
  const char *reason;    /* short category: "invalid JSON", "not an event", ... */
  const char *message;   /* one human sentence */
  int is_error;          /* 1 = data was skipped; 0 = note (digest file, ...) */
} trawl_input_event;

typedef void (*trawl_input_fn)(void *ctx, const trawl_input_event *ev);

typedef struct trawl_input_opts {
  unsigned long long max_inflate; /* per gzip member; 0 = 4 GiB default */
  trawl_date_order date_order;
  trawl_input_fn on_event;        /* may be NULL */
  void *ctx;
  int threads;                    /* 0 = use all cores */
} trawl_input_opts;

/* What the reader did, for the closing summary. */
typedef struct trawl_summary {
  uint64_t files;            /* files opened and read */
  uint64_t files_failed;     /* files that could not be opened or read */
  uint64_t bytes;            /* decompressed bytes scanned */
  uint64_t records;          /* rows delivered (all tables), after the
                              * query's prefilters */
  uint64_t rows_aws;         /* rows of AWSCloudTrail */
  uint64_t rows_azure;       /* rows of AzureActivity */
  uint64_t digest_files;     /* CloudTrail digest files (recognised, no rows) */
  uint64_t insight_records;  /* CloudTrail Insights records (no rows) */
  uint64_t not_events;       /* records that are not CloudTrail/Azure events */
  uint64_t skipped;          /* records or parts lost to errors */
  uint64_t errors;           /* error events reported */
  uint64_t scanned;          /* records read and classified as events of
                              * either table, before prefilters (records
                              * counts those that passed them) */
} trawl_summary;

/* The two tables. */
typedef enum trawl_table {
  TRAWL_TABLE_AWSCLOUDTRAIL = 0,
  TRAWL_TABLE_AZUREACTIVITY = 1,
  TRAWL_TABLE_COUNT
} trawl_table;

const char *trawl_table_name(trawl_table t);
/* Column count, names and types of a table, in table order. */
size_t trawl_table_ncolumns(trawl_table t);
const char *trawl_table_column(trawl_table t, size_t i);
trawl_type trawl_table_column_type(trawl_table t, size_t i);

/* Called with every row: its table, values in table order. Return nonzero
 * to stop reading. */
typedef int (*trawl_table_row_fn)(void *ctx, trawl_table t,
                                  const trawl_value *row, size_t ncols);

/*
 * Read files, directories (recursively, sorted by name) and "-" (stdin)
 * and hand every row of the wanted tables to `cb` (`tables` is a bit mask
 * of 1u << trawl_table; 0 = all). Input problems go to opts->on_event and
 * are counted in *sum; they are not errors of this call. Returns
 * TRAWL_OK unless reading could not happen at all.
 */
trawl_status trawl_read(const char *const *paths, size_t npaths,
                        unsigned tables, const trawl_input_opts *opts,
                        trawl_table_row_fn cb, void *ctx,
                        trawl_summary *sum, trawl_diag *diag);

/* ----------------------------------------------------------------- query */

typedef struct trawl_query trawl_query;

typedef struct trawl_compile_opts {
  /* --set: replace the value of top-level `let NAME = ...;` with VALUE
   * (KQL literal text). Naming a let that does not exist is an error. */
  const char *const *set_names;
  const char *const *set_values;
  size_t nsets;
} trawl_compile_opts;

/*
 * Parse and bind `text` (a whole KQL query: let statements and one tabular
 * expression). On success *out is a query to run or inspect; free it with
 * trawl_query_free(). On failure *out is NULL and diag says where.
 */
trawl_status trawl_query_compile(const char *text, size_t len,
                                 const trawl_compile_opts *opts,
                                 trawl_query **out, trawl_diag *diag);
void trawl_query_free(trawl_query *q);

/* Result schema. */
size_t trawl_query_ncolumns(const trawl_query *q);
const char *trawl_query_column_name(const trawl_query *q, size_t i);
trawl_type trawl_query_column_type(const trawl_query *q, size_t i);

/* Called with each result row. Return nonzero to stop. */
typedef int (*trawl_row_fn)(void *ctx, const trawl_value *row, size_t ncols);

typedef struct trawl_run_opts {
  int64_t now;    /* now() in ticks since the Unix epoch */
  int has_now;    /* 0 = the wall clock */
  /* A scheduled rule's view (trawl hunt): when has_window, the tables show
   * only rows with window_start < TimeGenerated <= window_end, as Sentinel
   * shows a rule only its queryPeriod up to the run time (no later rows). */
  int64_t window_start;
  int64_t window_end;
  int has_window;
} trawl_run_opts;

/* Run a compiled query over input files: reads every input once. */
trawl_status trawl_query_run(trawl_query *q, const char *const *paths,
                             size_t npaths, const trawl_input_opts *in,
                             const trawl_run_opts *run, trawl_row_fn cb,
                             void *ctx, trawl_summary *sum,
                             trawl_diag *diag);

/*
 * Replay support (trawl hunt): read the input once for several queries,
 * keeping only the rows that pass each query's filters that do not depend
 * on now(); then run a query many times, at different now(), over the kept
 * rows only.
 */
typedef struct trawl_store trawl_store;

trawl_status trawl_store_collect(trawl_query *const *qs, size_t nqs,
                                 const char *const *paths, size_t npaths,
                                 const trawl_input_opts *in,
                                 trawl_store **out, trawl_summary *sum,
                                 trawl_diag *diag);
/* Smallest and largest TimeGenerated among kept rows (ticks); 0 if none. */
int trawl_store_time_range(const trawl_store *s, int64_t *min, int64_t *max);
trawl_status trawl_query_run_store(trawl_query *q, const trawl_store *s,
                                   const trawl_run_opts *run,
                                   trawl_row_fn cb, void *ctx,
                                   trawl_diag *diag);
/*
 * TimeGenerated (ticks) of every row kept for query q, in any order (rows
 * without a time left out): *out is malloc'd (the caller frees it), *n its
 * length. A replay uses it to skip runs whose window holds no kept rows.
 * TRAWL_ERR_UNSUPPORTED when the store did not keep the times; the replay
 * then evaluates every window.
 */
trawl_status trawl_store_times(const trawl_store *s, const trawl_query *q,
                               int64_t **out, size_t *n);
void trawl_store_free(trawl_store *s);

/* -------------------------------------------------------- rules and hunt */

/*
 * A detection rule: a Microsoft Sentinel scheduled analytic rule (the YAML
 * format of Azure-Sentinel's Detections/ folder). All strings are owned by
 * the ruleset and NUL-terminated; absent fields are "" (never NULL).
 */
typedef struct trawl_rule {
  const char *id;           /* `id` (a GUID, or a short name for trawl's) */
  const char *name;
  const char *description;
  const char *severity;     /* Informational, Low, Medium, High */
  int64_t query_frequency;  /* ticks; `queryFrequency` (absent: 1d; NRT 1h) */
  int64_t query_period;     /* ticks; `queryPeriod` (absent: as frequency) */
  const char *const *tactics;      /* `tactics` */
  size_t ntactics;
  const char *const *techniques;   /* `relevantTechniques` */
  size_t ntechniques;
  const char *query;        /* KQL text */
  size_t query_len;
  const char *entity_mappings;     /* `entityMappings` as JSON text, or "" */
  const char *source;       /* file it came from, or "builtin:<file>" */
  int enabled;              /* runs in a hunt (trawl's `enabled` key;
                               Sentinel files: on unless `enabled: false`) */
} trawl_rule;

typedef struct trawl_ruleset trawl_ruleset;

/* Something noted about a rule file or a rule: not loadable, not runnable. */
typedef void (*trawl_rule_note_fn)(void *ctx, const char *source,
                                   const char *rule_id, trawl_status code,
                                   const char *message);

trawl_ruleset *trawl_ruleset_new(void);
/* A new ruleset holding the built-in rule pack (NULL if out of memory). */
trawl_ruleset *trawl_ruleset_builtin(void);
trawl_status trawl_ruleset_add_builtin(trawl_ruleset *rs, trawl_diag *diag);
/* Parse one rule from YAML text; `source` names it in messages. */
trawl_status trawl_ruleset_add_yaml(trawl_ruleset *rs, const char *text,
                                    size_t len, const char *source,
                                    trawl_diag *diag);
/*
 * Load a .yaml/.yml file, or every such file under a directory (recursive,
 * sorted). In a directory, files that are not rules (no `query`) or do not
 * parse are reported to `note` and skipped; a single file must load.
 */
trawl_status trawl_ruleset_load(trawl_ruleset *rs, const char *path,
                                trawl_rule_note_fn note, void *ctx,
                                trawl_diag *diag);
size_t trawl_ruleset_count(const trawl_ruleset *rs);
const trawl_rule *trawl_ruleset_rule(const trawl_ruleset *rs, size_t i);
/* Index of the rule whose id or name equals `key` (case-insensitive), or -1. */
long trawl_ruleset_find(const trawl_ruleset *rs, const char *key);
void trawl_ruleset_set_enabled(trawl_ruleset *rs, size_t i, int on);
void trawl_ruleset_free(trawl_ruleset *rs);

/*
 * Configuration (YAML, docs/config.md): approved regions globally and per
 * AWS account / Azure subscription, suppressions (principals, disaster-
 * recovery windows), let overrides, rules to enable or disable. Region
 * names are checked against trawl's region catalogue.
 */
typedef struct trawl_config trawl_config;

trawl_status trawl_config_load(const char *path, trawl_config **out,
                               trawl_diag *diag);
/* The same from text; `name` is used in messages ("file:line:col: ..."). */
trawl_status trawl_config_parse(const char *text, size_t len,
                                const char *name, trawl_config **out,
                                trawl_diag *diag);
void trawl_config_free(trawl_config *c);
/* The commented starter configuration `trawl init` writes (static text). */
const char *trawl_config_template(void);

/* One alert: a result row of a rule's query in one scheduled run. */
typedef struct trawl_alert {
  const trawl_rule *rule;
  int64_t window_start;     /* now() - queryPeriod (ticks) */
  int64_t window_end;       /* now() of the run that first raised it */
  size_t ncols;
  const char *const *columns;  /* result column names */
  const trawl_value *row;      /* values, borrowed for the callback */
} trawl_alert;

/* Return nonzero to stop the hunt. */
typedef int (*trawl_alert_fn)(void *ctx, const trawl_alert *a);
/* Progress of a replay: `done` of `total` runs of `rule`. */
typedef void (*trawl_progress_fn)(void *ctx, const trawl_rule *rule,
                                  uint64_t done, uint64_t total);

typedef struct trawl_hunt_opts {
  int64_t now;              /* has_now: one scheduled run at `now` */
  int has_now;              /* 0 = replay across the input's time span */
  /* --set NAME=VALUE: applied to every rule with a top-level `let NAME`;
   * a name no enabled rule has is a usage error. Wins over the config. */
  const char *const *set_names;
  const char *const *set_values;
  size_t nsets;
  trawl_input_opts input;
  trawl_rule_note_fn on_rule;  /* rules skipped (do not compile or run) */
  void *rule_ctx;
  trawl_progress_fn on_progress;
  void *progress_ctx;
} trawl_hunt_opts;

typedef struct trawl_hunt_summary {
  trawl_summary input;      /* what the reader did */
  uint64_t rules_run;       /* enabled rules that compiled and ran */
  uint64_t rules_skipped;   /* enabled rules that could not run */
  uint64_t runs;            /* scheduled runs evaluated (all rules) */
  uint64_t alerts;          /* alerts delivered (after de-duplication) */
  uint64_t suppressed;      /* alerts dropped by config suppressions */
} trawl_hunt_summary;

/*
 * Run every enabled rule of `rs` over the input, with `cfg` (may be NULL),
 * and hand each alert to `cb`. Replay de-duplicates alerts by rule and
 * event ids (AwsEventId, EventDataId, ... or else the whole row) and names
 * the first window that raised each one. Rules that cannot compile or run
 * go to opts->on_rule and are skipped; that is not an error of this call.
 */
trawl_status trawl_hunt_run(const trawl_ruleset *rs, const trawl_config *cfg,
                            const char *const *paths, size_t npaths,
                            const trawl_hunt_opts *opts, trawl_alert_fn cb,
                            void *ctx, trawl_hunt_summary *sum,
                            trawl_diag *diag);

/* ------------------------------------------------------------- simulate */

/*
 * `trawl simulate t1535`: realistic telemetry in the clouds' own delivery
 * formats (CloudTrail S3 tree of .json.gz objects plus a digest, Azure
 * Activity storage-export PT1H.json trees) holding the seed's four atomic
 * tests, decoys and benign background, and DIR/manifest.jsonl naming every
 * event of interest and whether each rule should alert on it
 * (docs/testing.md). Same seed and options give the same bytes.
 */
typedef struct trawl_sim_opts {
  const char *out_dir;        /* created if missing */
  uint64_t seed;
  int64_t start;              /* ticks of the first day; has_start 0 = the
                                 fixed default 2026-03-02T00:00:00Z */
  int has_start;
  int accounts;               /* AWS accounts and Azure subscriptions; 0 = 2 */
  int days;                   /* 0 = 1; the attack is on the last day */
  unsigned long long size;    /* approximate uncompressed bytes of events;
                                 0 = a small demo (about 2 MB) */
} trawl_sim_opts;

typedef struct trawl_sim_summary {
  uint64_t files;             /* log objects written (not manifest/digests) */
  uint64_t digests;
  uint64_t insights;          /* CloudTrail-Insight objects */
  uint64_t aws_events;
  uint64_t azure_records;
  uint64_t attack_events;     /* manifest lines expecting an alert */
  uint64_t manifest_lines;
  uint64_t bytes;             /* uncompressed event bytes */
} trawl_sim_summary;

/* `scenario` is "t1535". */
trawl_status trawl_simulate(const char *scenario, const trawl_sim_opts *opts,
                            trawl_sim_summary *sum, trawl_diag *diag);

/* -------------------------------------------------------------- checking */

/*
 * Parse, apply opts' --set values and bind `text` without running it (what
 * `trawl check` does). On success *names / *types hold the result schema
 * (*ncols columns; malloc'd, free with trawl_check_free). On failure diag
 * says what and where (off/len into text).
 */
trawl_status trawl_query_check(const char *text, size_t len,
                               const trawl_compile_opts *opts, char ***names,
                               trawl_type **types, size_t *ncols,
                               trawl_diag *diag);
void trawl_check_free(char **names, trawl_type *types, size_t ncols);

/* The `query:` field of a Sentinel rule YAML file: malloc'd, NUL-terminated
 * text in *text (*len bytes). TRAWL_ERR_INPUT if the file has none. */
trawl_status trawl_yaml_query(const char *path, char **text, size_t *len,
                              trawl_diag *diag);

/* Where that text sits in the file, to report file positions. line and
 * col (1-based, col in characters) are where the query's first line
 * starts; query line k > 1 is file line `line + k - 1` shifted right by
 * `indent` columns (a block scalar `query: |` starts on the line after the
 * key; plain and quoted scalars are mapped the same simple way). line = 0
 * when the text is not in the file (a Sigma rule's generated KQL). */
typedef struct trawl_yaml_loc {
  size_t line, col, indent;
} trawl_yaml_loc;

/* trawl_yaml_query, also filling *loc (when not NULL). */
trawl_status trawl_yaml_query_loc(const char *path, char **text, size_t *len,
                                  trawl_yaml_loc *loc, trawl_diag *diag);

/* ----------------------------------------------------------------- sigma */

/*
 * Sigma rules (docs/sigma.md): a rule with logsource product aws / service
 * cloudtrail or product azure / service activitylogs becomes KQL over
 * AWSCloudTrail or AzureActivity. The rules loader (trawl_ruleset_add_yaml,
 * trawl_ruleset_load) also takes Sigma files: id, name = title, severity
 * from level, tactics/techniques from the ATT&CK tags, query = this KQL,
 * queryFrequency = queryPeriod = 1h.
 */

/* 1 if the YAML text's root mapping has `logsource:` and `detection:`. */
int trawl_sigma_is_rule(const char *yaml, size_t len);
/* The KQL of a Sigma rule: malloc'd, NUL-terminated, in *kql. Errors name
 * `path` with the YAML line and column ("path:LINE:COL: ..."); an
 * unsupported logsource, modifier or construct is TRAWL_ERR_UNSUPPORTED. */
trawl_status trawl_sigma_to_kql(const char *yaml, size_t len,
                                const char *path, char **kql,
                                trawl_diag *diag);

/* ------------------------------------------------------------ rule tests */

/*
 * `trawl test`: rule test cases (YAML, docs/testing.md). A case names a
 * rule (built-in id or file), a config, `now` or replay, inputs (files, or
 * inline events in native CloudTrail / Azure format) and the alerts it
 * expects: a count, alerts that must appear (key fields) and events that
 * must not alert.
 */
typedef struct trawl_case_result {
  const char *file;       /* case file */
  const char *name;       /* case name */
  int passed;             /* 1 = every expectation held */
  int error;              /* 1 = the case could not run (bad case file,
                             rule that does not compile, missing input) */
  const char *detail;     /* readable diff or error, "" when passed */
  uint64_t alerts;        /* alerts the rule raised */
  double seconds;
} trawl_case_result;

/* Called once per case, in file order. Return nonzero to stop. */
typedef int (*trawl_case_fn)(void *ctx, const trawl_case_result *r);

typedef struct trawl_test_opts {
  /* --rules: rule files or folders whose rules replace built-in rules of
   * the same id in every case (e.g. a modified copy of a rule). */
  const char *const *rule_paths;
  size_t nrule_paths;
  const char *filter;     /* only cases whose name contains this; NULL = all */
} trawl_test_opts;

typedef struct trawl_test_summary {
  uint64_t files;
  uint64_t passed;
  uint64_t failed;        /* includes cases in error */
} trawl_test_summary;

/*
 * Run every case of the given files and folders (folders: *.yaml / *.yml,
 * recursive, sorted). Fails only when nothing could run (a path that does
 * not exist, --rules that do not load); failing cases are results.
 */
trawl_status trawl_test_run(const char *const *paths, size_t npaths,
                            const trawl_test_opts *opts, trawl_case_fn cb,
                            void *ctx, trawl_test_summary *sum,
                            trawl_diag *diag);

/* ---------------------------------------------------------------- output */

typedef enum trawl_format {
  TRAWL_FMT_JSONL = 0,
  TRAWL_FMT_CSV,
  TRAWL_FMT_TABLE
} trawl_format;

/*
 * A writer prints rows of a fixed schema to a FILE*: JSON lines (one object
 * per row, keys in column order), CSV (RFC 4180, header row, cells that a
 * spreadsheet would run as formulas are neutralised) or an aligned table
 * (buffered until trawl_writer_end, since widths depend on all rows).
 */
typedef struct trawl_writer trawl_writer;

trawl_writer *trawl_writer_new(FILE *out, trawl_format fmt,
                               const char *const *names, size_t ncols);
int trawl_writer_row(trawl_writer *w, const trawl_value *row);
/*
 * Tables only: fit rows into `max_width` display columns (a terminal's
 * width) by cutting the widest cells (marked with an ellipsis), and leave
 * out columns that are empty in every row (named under the table).
 * 0 (the default) prints every cell whole.
 */
void trawl_writer_fit(trawl_writer *w, size_t max_width);
/* Flush (and for tables, print) everything; frees the writer. */
int trawl_writer_end(trawl_writer *w);

/*
 * Append the JSON text of one value to a caller buffer (as in JSON lines:
 * null, numbers, strings, datetimes as ISO strings, dynamic as JSON).
 * Returns a malloc'd NUL-terminated string; the caller frees it.
 */
char *trawl_value_to_json(const trawl_value *v);

/* Ticks since the Unix epoch from ISO 8601 text; 0 on success. */
int trawl_parse_datetime(const char *s, size_t len, int64_t *ticks);
/* Format ticks as ISO 8601 UTC into out[32]. */
void trawl_format_datetime(int64_t ticks, char out[32]);

#ifdef __cplusplus
}
#endif
#endif
