/*
 * tests/unit/test_rules.c - the rules module: built-in pack equals
 * the rules folder YAML, Sentinel YAML loading, durations, top-level let discovery,
 * the region catalogue (against ../shared/data when present) and the
 * configuration loader with its region checks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "base/timeutil.h"
#include "base/limits.h"
#include "rules/config.h"
#include "rules/regions.h"
#include "rules/rules.h"
#include "trawl.h"

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    return NULL;
  }
  size_t cap = 1 << 16, n = 0;
  char *b = malloc(cap + 1);
  size_t got;
  while (b && (got = fread(b + n, 1, cap - n, f)) > 0) {
    n += got;
    if (n == cap) {
      char *nb = realloc(b, cap * 2 + 1);
      if (!nb) {
        free(b);
        b = NULL;
        break;
      }
      b = nb;
      cap *= 2;
    }
  }
  fclose(f);
  if (b) {
    b[n] = 0;
  }
  *len = n;
  return b;
}

static void test_builtin_matches_files(void) {
  CHECK(tw_builtin_rule_count >= 2);
  for (size_t i = 0; i < tw_builtin_rule_count; i++) {
    char path[256];
    size_t n;
    snprintf(path, sizeof path, "rules/%s", tw_builtin_rules[i].file);
    char *text = slurp(path, &n);
    CHECK(text != NULL);
    if (text) {
      if (strcmp(text, tw_builtin_rules[i].yaml) != 0) {
        fprintf(stderr, "  %s differs from src/rules/builtin_rules.c: run "
                "python3 rules/embed.py\n", path);
        check_failed_now = 1;
      }
      free(text);
    }
  }
}

static void test_builtin_pack(void) {
  trawl_ruleset *rs = trawl_ruleset_builtin();
  CHECK(rs != NULL);
  long i = trawl_ruleset_find(rs, "t1535-unused-regions");
  long s = trawl_ruleset_find(rs, "T1535-SEED");
  CHECK(i >= 0 && s >= 0);
  if (i >= 0 && s >= 0) {
    const trawl_rule *r = trawl_ruleset_rule(rs, (size_t)i);
    CHECK(r->enabled == 1);
    CHECK_STR(r->severity, "High");
    CHECK_EQ(r->query_frequency, TW_TICKS_PER_HOUR);
    CHECK_EQ(r->query_period, TW_TICKS_PER_DAY);
    CHECK_EQ(r->ntactics, 1);
    CHECK_STR(r->tactics[0], "DefenseEvasion");
    CHECK_STR(r->techniques[0], "T1535");
    CHECK(strstr(r->entity_mappings, "\"columnName\":\"Caller\"") != NULL);
    CHECK(tw_kql_has_let(r->query, r->query_len, "ApprovedAWSRegions"));
    CHECK(tw_kql_has_let(r->query, r->query_len, "ApprovedAzureRegions"));
    const trawl_rule *seed = trawl_ruleset_rule(rs, (size_t)s);
    CHECK(seed->enabled == 0);
    size_t n;
    char *kql = slurp("../shared/seed/t1535-seed.kql", &n);
    if (kql) {  /* the seed ships byte for byte */
      CHECK(n == seed->query_len && memcmp(kql, seed->query, n) == 0);
      free(kql);
    }
    trawl_ruleset_set_enabled(rs, (size_t)s, 1);
    CHECK(seed->enabled == 1);
  }
  trawl_diag d;
  CHECK(trawl_ruleset_add_builtin(rs, &d) != TRAWL_OK);  /* duplicate ids */
  trawl_ruleset_free(rs);
}

static void test_yaml_rules(void) {
  trawl_ruleset *rs = trawl_ruleset_new();
  trawl_diag d;
  const char *y = "id: abc\nname: Test rule\nseverity: Low\nkind: Scheduled\n"
                  "queryFrequency: 5m\nqueryPeriod: PT2H\n"
                  "tactics: Persistence\nquery: |\n  AWSCloudTrail\n  | take 1\n";
  CHECK(trawl_ruleset_add_yaml(rs, y, strlen(y), "t.yaml", &d) == TRAWL_OK);
  const trawl_rule *r = trawl_ruleset_rule(rs, 0);
  CHECK(r && r->enabled);
  if (r) {
    CHECK_EQ(r->query_frequency, 5 * TW_TICKS_PER_MINUTE);
    CHECK_EQ(r->query_period, 2 * TW_TICKS_PER_HOUR);
    CHECK_STR(r->query, "AWSCloudTrail\n| take 1\n");
    CHECK_EQ(r->ntechniques, 0);
    CHECK_STR(r->tactics[0], "Persistence");
    CHECK_STR(r->entity_mappings, "");
  }
  const char *bad[] = {"id: x\nname: y\n", "- a\n- b\n", "id: [\n",
                       "id: q\nquery: T\nqueryPeriod: soon\n", ""};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    CHECK(trawl_ruleset_add_yaml(rs, bad[i], strlen(bad[i]), "b.yaml", &d) !=
          TRAWL_OK);
    CHECK(strstr(d.message, "b.yaml") != NULL);
  }
  /* aliases: a cycle and an exponential "billion laughs" stay bounded */
  const char *cyc = "id: c\nquery: T\nentityMappings: &x [*x]\n";
  CHECK(trawl_ruleset_add_yaml(rs, cyc, strlen(cyc), "c", &d) == TRAWL_ERR_LIMIT);
  char bomb[2048] = "id: b\nquery: T\na0: &a0 [x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 12; i++) {
    char line[160];
    snprintf(line, sizeof line, "a%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, "
             "*a%d, *a%d, *a%d]\n", i, i, i - 1, i - 1, i - 1, i - 1, i - 1,
             i - 1, i - 1, i - 1, i - 1);
    strcat(bomb, line);
  }
  strcat(bomb, "entityMappings: *a11\n");
  CHECK(trawl_ruleset_add_yaml(rs, bomb, strlen(bomb), "b", &d) == TRAWL_ERR_LIMIT);
  CHECK(strstr(d.message, "too large") != NULL);
  const char *nrt = "id: n\nkind: NRT\nquery: AWSCloudTrail\n";
  CHECK(trawl_ruleset_add_yaml(rs, nrt, strlen(nrt), "n", &d) == TRAWL_OK);
  CHECK_EQ(trawl_ruleset_rule(rs, 1)->query_frequency, TW_TICKS_PER_HOUR);
  const char *fonly = "id: f\nqueryFrequency: 2h\nquery: AWSCloudTrail\n";
  CHECK(trawl_ruleset_add_yaml(rs, fonly, strlen(fonly), "f", &d) == TRAWL_OK);
  CHECK_EQ(trawl_ruleset_rule(rs, 2)->query_period, 2 * TW_TICKS_PER_HOUR);
  const char *noid = "name: Hunt\nquery: AzureActivity\n";
  CHECK(trawl_ruleset_add_yaml(rs, noid, strlen(noid), "dir/My_Hunt.yaml", &d) ==
        TRAWL_OK);
  CHECK(trawl_ruleset_find(rs, "My_Hunt") == 3);
  CHECK_EQ(trawl_ruleset_count(rs), 4);
  trawl_ruleset_free(rs);
}

static int notes;
static void count_note(void *ctx, const char *src, const char *id,
                       trawl_status st, const char *msg) {
  (void)ctx, (void)src, (void)id, (void)st, (void)msg;
  notes++;
}

static void test_corpus_dir(void) {
  const char *dir = "../shared/corpus/sentinel-rules";
  FILE *f = fopen("../shared/corpus/sentinel-rules/index.tsv", "r");
  if (!f) {
    printf("skip test_corpus_dir: ../shared absent\n");
    return;
  }
  fclose(f);
  trawl_ruleset *rs = trawl_ruleset_new();
  trawl_diag d;
  notes = 0;
  CHECK(trawl_ruleset_load(rs, dir, count_note, NULL, &d) == TRAWL_OK);
  CHECK(trawl_ruleset_count(rs) >= 100);
  trawl_ruleset_free(rs);
}

static void test_durations(void) {
  int64_t t = 0;
  CHECK(tw_rule_duration("1d", &t) == 0 && t == TW_TICKS_PER_DAY);
  CHECK(tw_rule_duration("14d", &t) == 0 && t == 14 * TW_TICKS_PER_DAY);
  CHECK(tw_rule_duration("P1D", &t) == 0 && t == TW_TICKS_PER_DAY);
  CHECK(tw_rule_duration("PT5M", &t) == 0 && t == 5 * TW_TICKS_PER_MINUTE);
  CHECK(tw_rule_duration("0m", &t) != 0);
  CHECK(tw_rule_duration("P", &t) != 0);
  CHECK(tw_rule_duration("PT5X", &t) != 0);
  CHECK(tw_rule_duration("", &t) != 0);
}

static void collect(void *ctx, const char *name, size_t n) {
  char *out = ctx;
  strncat(out, name, n);
  strcat(out, ",");
}

static void test_let_scan(void) {
  char got[256] = "";
  const char *q =
      "// let Fake = 1;\nlet A = 1;\nlet B=dynamic([\"let C = 2;\"]);\n"
      "let F = (x:int) { let Inner = x; Inner };\n"
      "let s = 'it''s; let D = 3';\nlet V = @\"a\\\"; let W = 1;\n"
      "T | where x == 1 | extend y = 2";
  tw_kql_top_lets(q, strlen(q), collect, got);
  CHECK_STR(got, "A,B,F,s,V,W,");
  CHECK(!tw_kql_has_let(q, strlen(q), "Inner"));
  CHECK(tw_kql_has_let(q, strlen(q), "F"));
}

static void test_regions(void) {
  CHECK(tw_region_find(TW_CLOUD_AWS, "us-east-1") != NULL);
  CHECK(tw_region_find(TW_CLOUD_AWS, "US-EAST-1") != NULL);
  CHECK(tw_region_find(TW_CLOUD_AWS, "us-east1") == NULL);
  CHECK_STR(tw_region_suggest(TW_CLOUD_AWS, "us-east1"), "us-east-1");
  const tw_region *je = tw_region_find(TW_CLOUD_AZURE, "Japan East");
  CHECK(je && strcmp(je->name, "japaneast") == 0);
  CHECK(tw_region_find(TW_CLOUD_AZURE, "west-europe") == NULL);
  CHECK_STR(tw_region_suggest(TW_CLOUD_AZURE, "west-europe"), "westeurope");
  CHECK(tw_region_suggest(TW_CLOUD_AZURE, "mars-north-9999") == NULL);
  char out[32];
  tw_region_normalize(TW_CLOUD_AZURE, "Japan East", out, sizeof out);
  CHECK_STR(out, "japaneast");
}

/* The compiled catalogue holds exactly the rows of the shared TSVs. */
static void test_regions_match_tsv(void) {
  static const char *const files[2] = {"../shared/data/aws-regions.tsv",
                                       "../shared/data/azure-regions.tsv"};
  for (int c = 0; c < 2; c++) {
    FILE *f = fopen(files[c], "r");
    if (!f) {
      printf("skip test_regions_match_tsv: ../shared absent\n");
      return;
    }
    size_t n, rows = 0;
    const tw_region *t = tw_regions((tw_cloud)c, &n);
    char line[1024];
    int header = 1;
    while (fgets(line, sizeof line, f)) {
      if (header) {
        header = 0;
        continue;
      }
      char *name = strtok(line, "\t"), *disp = strtok(NULL, "\t");
      strtok(NULL, "\t");
      char *status = strtok(NULL, "\t\n");
      if (!name || !disp || !status) {
        continue;
      }
      int found = 0;
      for (size_t i = 0; i < n; i++) {
        if (strcmp(t[i].name, name) == 0) {
          found = strcmp(t[i].display, disp) == 0 &&
                  strcmp(t[i].status, status) == 0;
        }
      }
      if (!found) {
        fprintf(stderr, "  %s: %s differs or is missing\n", files[c], name);
        check_failed_now = 1;
      }
      rows++;
    }
    fclose(f);
    CHECK_EQ(rows, n);
  }
}

static const char *set_value(const trawl_config *c, const char *name) {
  for (size_t i = 0; i < c->nsets; i++) {
    if (strcmp(c->sets[i].name, name) == 0) {
      return c->sets[i].value;
    }
  }
  return NULL;
}

static void test_config(void) {
  const char *y =
      "approved_regions:\n  aws: [us-east-1, eu-west-1]\n  azure: [East US, westeurope]\n"
      "accounts:\n  \"111122223333\":\n    approved_regions: [ap-southeast-1]\n"
      "subscriptions:\n  AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE: [japaneast]\n"
      "suppress:\n  principals:\n    - arn:aws:iam::*:role/terraform-*\n"
      "    - match: '*@msp.example.com'\n      until: 2027-01-01\n"
      "  windows:\n    - name: DR\n      regions: [ap-southeast-2, australiaeast]\n"
      "      from: 2026-03-01T00:00:00Z\n      until: 2026-03-03\n"
      "lets:\n  Threshold: '5'\nrules:\n  enable: [t1535-seed]\n";
  trawl_config *c = NULL;
  trawl_diag d;
  CHECK(trawl_config_parse(y, strlen(y), "c.yaml", &c, &d) == TRAWL_OK);
  if (!c) {
    fprintf(stderr, "  %s\n", d.message);
    check_failed_now = 1;
    return;
  }
  CHECK_STR(set_value(c, "ApprovedAWSRegions"),
            "dynamic([\"us-east-1\", \"eu-west-1\"])");
  CHECK_STR(set_value(c, "ApprovedAzureRegions"),
            "dynamic([\"eastus\", \"westeurope\"])");
  CHECK_STR(set_value(c, "ApprovedAWSRegionsByAccount"),
            "dynamic([\"111122223333:ap-southeast-1\"])");
  CHECK_STR(set_value(c, "ApprovedAzureRegionsBySubscription"),
            "dynamic([\"aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee:japaneast\"])");
  CHECK_STR(set_value(c, "Threshold"), "5");
  CHECK_EQ(c->nprincipals, 2);
  CHECK(c->principals[1].has_until);
  CHECK_EQ(c->nwindows, 1);
  CHECK_EQ(c->windows[0].nregions, 2);
  CHECK_EQ(c->nenable, 1);
  trawl_config_free(c);

  struct {
    const char *text, *want;
  } bad[] = {
      {"approved_regions:\n  aws: [us-east1]\n", "c.yaml:2:9: unknown AWS region 'us-east1' (did you mean 'us-east-1'?)"},
      {"approved_regions:\n  azure: [west-europe]\n", "did you mean 'westeurope'?"},
      {"approved_region:\n  aws: []\n", "unknown key 'approved_region'"},
      {"suppress:\n  windows:\n    - regions: [eu-west-3]\n      from: 2026-01-01\n", "end date"},
      {"suppress:\n  windows:\n    - regions: [eu-west-3]\n      until: tomorrow\n", "bad `until`"},
      {"accounts:\n  \"1'; drop\": [us-east-1]\n", "is not an AWS account id"},
      {"a: [\n", "c.yaml: "},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    c = NULL;
    CHECK(trawl_config_parse(bad[i].text, strlen(bad[i].text), "c.yaml", &c,
                             &d) != TRAWL_OK);
    CHECK(c == NULL);
    if (!strstr(d.message, bad[i].want)) {
      fprintf(stderr, "  got '%s', want '%s'\n", d.message, bad[i].want);
      check_failed_now = 1;
    }
  }
  CHECK(trawl_config_parse("", 0, "e", &c, &d) == TRAWL_OK && c != NULL);
  trawl_config_free(c);
  /* ids are checked: a typo must not silently turn a setting off */
  const char *bad_ids[] = {"accounts:\n  \"1000040795\": [us-east-2]\n",
                       "subscriptions:\n  not-a-guid: [japaneast]\n"};
  for (size_t i = 0; i < 2; i++) {
    c = NULL;
    CHECK(trawl_config_parse(bad_ids[i], strlen(bad_ids[i]), "b.yaml", &c, &d) !=
          TRAWL_OK);
    trawl_config_free(c);
  }
}

static void test_glob(void) {
  CHECK(tw_glob_match("arn:aws:iam::*:role/terraform-*",
                      "arn:aws:iam::123:role/Terraform-ci", 34));
  CHECK(!tw_glob_match("a*b", "acbd", 4));
  CHECK(tw_glob_match("*@msp.example.com", "bob@MSP.example.com", 19));
  CHECK(tw_glob_match("a?c", "abc", 3));
}

static void test_template_parses(void) {
  const char *t = trawl_config_template();
  trawl_config *c = NULL;
  trawl_diag d;
  CHECK(trawl_config_parse(t, strlen(t), "template", &c, &d) == TRAWL_OK);
  if (!c) {
    fprintf(stderr, "  %s\n", d.message);
  }
  trawl_config_free(c);
}


/* ----------------------------------------------------- trawl_hunt_run */

typedef struct got_alerts {
  int n;
  int64_t first_end;
  char ids[16][64];
} got_alerts;

static int collect_alert(void *ctx, const trawl_alert *a) {
  got_alerts *g = ctx;
  if (g->n < 16) {
    for (size_t i = 0; i < a->ncols; i++) {
      if (strcmp(a->columns[i], "AwsEventId") == 0) {
        snprintf(g->ids[g->n], sizeof g->ids[0], "%.*s", (int)a->row[i].len,
                 a->row[i].u.s);
      }
    }
  }
  if (g->n == 0) {
    g->first_end = a->window_end;
  }
  g->n++;
  return 0;
}

static void test_hunt_api(void) {
  FILE *f = fopen("tests/data/hunt/aws/111122223333_CloudTrail_us-east-1_20261203T1035Z_atomic.json", "r");
  if (!f) {
    printf("skip test_hunt_api: run from the repository root\n");
    return;
  }
  fclose(f);
  const char *paths[] = {"tests/data/hunt/aws"};
  trawl_ruleset *rs = trawl_ruleset_builtin();
  trawl_hunt_opts o;
  memset(&o, 0, sizeof o);
  trawl_hunt_summary sum;
  trawl_diag d;
  got_alerts g;
  /* replay: only the runs whose windows hold kept rows are evaluated */
  memset(&g, 0, sizeof g);
  CHECK(trawl_hunt_run(rs, NULL, paths, 1, &o, collect_alert, &g, &sum, &d) ==
        TRAWL_OK);
  CHECK_EQ(g.n, 5);
  CHECK_EQ(sum.alerts, 5);
  CHECK_EQ(sum.rules_run, 1);
  CHECK(sum.runs < 60);  /* runs near the events only, not every hour */
  int64_t eleven;
  tw_datetime_parse("2026-12-03T11:00:00Z", 20, &eleven);
  CHECK(g.first_end == eleven);
  /* one run, with a config that suppresses alice and approves nothing */
  const char *cy = "suppress:\n  principals: ['*:user/alice']\n";
  trawl_config *cfg = NULL;
  CHECK(trawl_config_parse(cy, strlen(cy), "c", &cfg, &d) == TRAWL_OK);
  tw_datetime_parse("2026-12-03T12:00:00Z", 20, &o.now);
  o.has_now = 1;
  memset(&g, 0, sizeof g);
  CHECK(trawl_hunt_run(rs, cfg, paths, 1, &o, collect_alert, &g, &sum, &d) ==
        TRAWL_OK);
  CHECK_EQ(g.n, 0);
  CHECK_EQ(sum.suppressed, 5);
  CHECK_EQ(sum.runs, 1);
  /* --set of a let no rule has */
  const char *names[] = {"NoSuchLet"}, *values[] = {"1"};
  o.set_names = names;
  o.set_values = values;
  o.nsets = 1;
  CHECK(trawl_hunt_run(rs, NULL, paths, 1, &o, collect_alert, &g, &sum, &d) ==
        TRAWL_ERR_USAGE);
  CHECK(strstr(d.message, "NoSuchLet") != NULL);
  trawl_config_free(cfg);
  trawl_ruleset_free(rs);
}

int main(void) {
  RUN(test_builtin_matches_files);
  RUN(test_builtin_pack);
  RUN(test_yaml_rules);
  RUN(test_corpus_dir);
  RUN(test_durations);
  RUN(test_let_scan);
  RUN(test_regions);
  RUN(test_regions_match_tsv);
  RUN(test_config);
  RUN(test_glob);
  RUN(test_template_parses);
  RUN(test_hunt_api);
  return check_done();
}
