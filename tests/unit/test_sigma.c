/*
 * tests/unit/test_sigma.c - Sigma front end: condition parser, modifiers,
 * wildcards, field mapping, KQL escaping, positioned errors, rule
 * metadata, and that generated KQL compiles.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "sigma/sigma.h"
#include "trawl.h"

static char got[8192];

/* The KQL of a rule whose detection is `det` (indented 4 spaces). */
static const char *kql_aws(const char *det) {
  char y[4096];
  snprintf(y, sizeof y,
           "title: t\nlogsource:\n  product: aws\n  service: cloudtrail\n"
           "detection:\n%s",
           det);
  char *k = NULL;
  trawl_diag d;
  trawl_status st = trawl_sigma_to_kql(y, strlen(y), "r.yml", &k, &d);
  if (st != TRAWL_OK) {
    snprintf(got, sizeof got, "ERROR %s", d.message);
    return got;
  }
  /* check it compiles */
  trawl_query *q = NULL;
  trawl_diag cd;
  if (trawl_query_compile(k, strlen(k), NULL, &q, &cd) != TRAWL_OK) {
    snprintf(got, sizeof got, "NOCOMPILE %s: %s", cd.message, k);
    free(k);
    return got;
  }
  trawl_query_free(q);
  const char *w = strstr(k, "| where ");
  snprintf(got, sizeof got, "%s", w ? w + 8 : k);
  size_t n = strlen(got);
  if (n && got[n - 1] == '\n') {
    got[n - 1] = 0;
  }
  free(k);
  return got;
}

static void test_condition_parser(void) {
  tw_scond_tree *t = malloc(sizeof *t);
  size_t off = 0;
  char err[200];
  const char *c = "selection and not 1 of filter_*";
  CHECK(tw_sigma_cond_parse(c, strlen(c), t, &off, err, sizeof err) == 0);
  CHECK(t->nodes[t->root].kind == TW_SC_AND);
  CHECK(t->nodes[t->nodes[t->root].b].kind == TW_SC_NOT);
  c = "a or b and c";  /* and binds tighter */
  CHECK(tw_sigma_cond_parse(c, strlen(c), t, &off, err, sizeof err) == 0);
  CHECK(t->nodes[t->root].kind == TW_SC_OR);
  c = "all of them";
  CHECK(tw_sigma_cond_parse(c, strlen(c), t, &off, err, sizeof err) == 0);
  CHECK(t->nodes[t->root].kind == TW_SC_ALL_OF);
  c = "any of sel*";
  CHECK(tw_sigma_cond_parse(c, strlen(c), t, &off, err, sizeof err) == 0);
  CHECK(t->nodes[t->root].kind == TW_SC_ONE_OF);
  c = "selection and";
  CHECK(tw_sigma_cond_parse(c, strlen(c), t, &off, err, sizeof err) != 0);
  CHECK_EQ(off, 13);
  c = "(a or b";
  CHECK(tw_sigma_cond_parse(c, strlen(c), t, &off, err, sizeof err) != 0);
  CHECK_EQ(off, 0);
  c = "a | count() > 5";
  CHECK(tw_sigma_cond_parse(c, strlen(c), t, &off, err, sizeof err) == 0);
  CHECK(t->agg == 1 && t->agg_n == 5 && strcmp(t->agg_op, ">") == 0);
  c = "a or b | count(userAgent) by eventSource >= 12";
  CHECK(tw_sigma_cond_parse(c, strlen(c), t, &off, err, sizeof err) == 0);
  CHECK(t->agg == 1 && t->agg_n == 12 && strcmp(t->agg_op, ">=") == 0);
  CHECK(t->agg_field_len == 9 && t->agg_by_len == 11);
  c = "a | near b";
  CHECK(tw_sigma_cond_parse(c, strlen(c), t, &off, err, sizeof err) != 0);
  CHECK_EQ(off, 4);
  CHECK(strstr(err, "not supported") != NULL);
  c = "a | count() ~ 5";
  CHECK(tw_sigma_cond_parse(c, strlen(c), t, &off, err, sizeof err) != 0);
  CHECK_EQ(off, 12);
  c = "a b";
  CHECK(tw_sigma_cond_parse(c, strlen(c), t, &off, err, sizeof err) != 0);
  CHECK_EQ(off, 2);
  c = "a )";
  CHECK(tw_sigma_cond_parse(c, strlen(c), t, &off, err, sizeof err) != 0);
  /* deep nesting is capped, not a stack overflow */
  char deep[3000];
  memset(deep, '(', 1000);
  memcpy(deep + 1000, "a", 2);
  CHECK(tw_sigma_cond_parse(deep, strlen(deep), t, &off, err, sizeof err) != 0);
  for (int i = 0; i < 700; i++) {
    memcpy(deep + 4 * i, "not ", 4);
  }
  memcpy(deep + 2800, "a", 2);
  CHECK(tw_sigma_cond_parse(deep, strlen(deep), t, &off, err, sizeof err) != 0);
  CHECK(tw_sigma_glob("sel*", 4, "selection", 9));
  CHECK(tw_sigma_glob("*_x*y", 5, "a_xzzy", 6));
  CHECK(!tw_sigma_glob("sel*", 4, "filter", 6));
  free(t);
}

static void test_conditions_kql(void) {
  CHECK_STR(kql_aws("  sel:\n    eventName: A\n  filter:\n    eventSource: B\n"
                    "  condition: sel and not filter\n"),
            "(EventName =~ \"A\" and not(EventSource =~ \"B\"))");
  CHECK_STR(kql_aws("  sel_a:\n    eventName: A\n  sel_b:\n    eventName: B\n"
                    "  condition: 1 of sel_*\n"),
            "(EventName =~ \"A\" or EventName =~ \"B\")");
  CHECK_STR(kql_aws("  sel_a:\n    eventName: A\n  sel_b:\n    eventSource: B\n"
                    "  condition: all of them\n"),
            "(EventName =~ \"A\" and EventSource =~ \"B\")");
  /* a list of maps is OR; a map is AND */
  CHECK_STR(kql_aws("  sel:\n    - eventName: A\n    - eventName: B\n"
                    "      awsRegion: r\n  condition: sel\n"),
            "(EventName =~ \"A\" or (EventName =~ \"B\" and AWSRegion =~ "
            "\"r\"))");
  /* aggregation */
  CHECK_STR(kql_aws("  s:\n    eventName: A\n  timeframe: 10m\n"
                    "  condition: s | count(userAgent) by userIdentity.arn > 3\n"),
            "EventName =~ \"A\"\n| summarize Count = dcount(UserAgent) by "
            "UserIdentityArn\n| where Count > 3");
  CHECK_STR(kql_aws("  s:\n    eventName: A\n"
                    "  condition: s | count() by requestParameters.bucketName == 2\n"),
            "EventName =~ \"A\"\n| summarize Count = count() by "
            "requestParameters_bucketName = "
            "tostring(parse_json(RequestParameters).bucketName)\n"
            "| where Count == 2");
  /* a condition list is any of them */
  CHECK_STR(kql_aws("  a:\n    eventName: A\n  b:\n    eventName: B\n"
                    "  condition:\n    - a\n    - b\n"),
            "EventName =~ \"A\" or EventName =~ \"B\"");
}

static void test_modifiers(void) {
  CHECK_STR(kql_aws("  s:\n    eventName: [A, B]\n  condition: s\n"),
            "EventName in~ (\"A\", \"B\")");
  CHECK_STR(kql_aws("  s:\n    userAgent|contains: x\n  condition: s\n"),
            "UserAgent contains \"x\"");
  CHECK_STR(kql_aws("  s:\n    userAgent|startswith: x\n  condition: s\n"),
            "UserAgent startswith \"x\"");
  CHECK_STR(kql_aws("  s:\n    userAgent|endswith: x\n  condition: s\n"),
            "UserAgent endswith \"x\"");
  CHECK_STR(kql_aws("  s:\n    userAgent|contains|all: [a, b]\n  condition: s\n"),
            "(UserAgent contains \"a\" and UserAgent contains \"b\")");
  CHECK_STR(kql_aws("  s:\n    userAgent|contains|cased: x\n  condition: s\n"),
            "UserAgent contains_cs \"x\"");
  CHECK_STR(kql_aws("  s:\n    userIdentity.arn|re: 'a.+b'\n  condition: s\n"),
            "UserIdentityArn matches regex \"a.+b\"");
  CHECK_STR(kql_aws("  s:\n    userIdentity.arn|re|i: 'a\\d'\n  condition: s\n"),
            "UserIdentityArn matches regex \"(?i)a\\\\d\"");
  CHECK_STR(kql_aws("  s:\n    sourceIPAddress|cidr: 10.0.0.0/8\n  condition: s\n"),
            "ipv4_is_in_range(SourceIpAddress, \"10.0.0.0/8\")");
  CHECK_STR(kql_aws("  s:\n    errorCode|exists: true\n  condition: s\n"),
            "isnotempty(ErrorCode)");
  CHECK_STR(kql_aws("  s:\n    errorCode: null\n  condition: s\n"),
            "isempty(ErrorCode)");
  CHECK_STR(kql_aws("  s:\n    errorCode: ~\n  condition: s\n"),
            "isempty(ErrorCode)");
  CHECK_STR(kql_aws("  s:\n    errorCode: 'null'\n  condition: s\n"),
            "ErrorCode =~ \"null\"");
  CHECK_STR(kql_aws("  s:\n    errorCode: ''\n  condition: s\n"),
            "ErrorCode =~ \"\"");
  CHECK_STR(kql_aws("  s:\n    readOnly: null\n  condition: s\n"),
            "isnull(ReadOnly)");
  CHECK_STR(kql_aws("  s:\n    readOnly: 'false'\n  condition: s\n"),
            "tostring(ReadOnly) =~ \"false\"");
  CHECK_STR(kql_aws("  s:\n    userAgent|base64: abc\n  condition: s\n"),
            "UserAgent =~ \"YWJj\"");
  CHECK_STR(kql_aws("  s:\n    userAgent|base64|contains: ab\n  condition: s\n"),
            "UserAgent contains \"YWI=\"");
  CHECK_STR(kql_aws("  s:\n    userIdentity.arn|fieldref: requestParameters.userName\n"
                    "  condition: s\n"),
            "UserIdentityArn =~ tostring(parse_json(RequestParameters).userName)");
  CHECK_STR(kql_aws("  s:\n    userAgent|windash: x\n  condition: s\n"),
            "ERROR r.yml:7:15: unsupported modifier 'windash'");
  CHECK_STR(kql_aws("  s:\n    userAgent|contains|re: x\n  condition: s\n"),
            "ERROR r.yml:7:15: conflicting modifiers");
  CHECK_STR(kql_aws("  s:\n    sourceIPAddress|cidr: nope\n  condition: s\n"),
            "ERROR r.yml:7:27: |cidr needs an IPv4 range a.b.c.d/n (got 'nope')");
}

static void test_wildcards(void) {
  CHECK_STR(kql_aws("  s:\n    eventName: 'Get*'\n  condition: s\n"),
            "EventName startswith \"Get\"");
  CHECK_STR(kql_aws("  s:\n    eventName: '*Get'\n  condition: s\n"),
            "EventName endswith \"Get\"");
  CHECK_STR(kql_aws("  s:\n    eventName: '*Get*'\n  condition: s\n"),
            "EventName contains \"Get\"");
  CHECK_STR(kql_aws("  s:\n    eventName: '*'\n  condition: s\n"),
            "isnotempty(EventName)");
  CHECK_STR(kql_aws("  s:\n    eventName: 'G?t*x'\n  condition: s\n"),
            "EventName matches regex \"(?is)^G.t.*x$\"");
  CHECK_STR(kql_aws("  s:\n    eventName: 'a.b*c'\n  condition: s\n"),
            "EventName matches regex \"(?is)^a\\\\.b.*c$\"");
  /* escaped wildcards are literal; a lone backslash is itself */
  CHECK_STR(kql_aws("  s:\n    eventName: 'a\\*b'\n  condition: s\n"),
            "EventName =~ \"a*b\"");
  CHECK_STR(kql_aws("  s:\n    eventName: 'a\\*'\n  condition: s\n"),
            "EventName =~ \"a*\"");
  CHECK_STR(kql_aws("  s:\n    eventName: 'C:\\Windows'\n  condition: s\n"),
            "EventName =~ \"C:\\\\Windows\"");
  CHECK_STR(kql_aws("  s:\n    eventName: 'a\\\\*'\n  condition: s\n"),
            "EventName startswith \"a\\\\\"");
  /* wildcards mixed into a list: no in~ */
  CHECK_STR(kql_aws("  s:\n    eventName: [A, 'B*']\n  condition: s\n"),
            "(EventName =~ \"A\" or EventName startswith \"B\")");
}

static void test_escaping(void) {
  CHECK_STR(kql_aws("  s:\n    userAgent: 'say \"hi\"'\n  condition: s\n"),
            "UserAgent =~ \"say \\\"hi\\\"\"");
  CHECK_STR(kql_aws("  s:\n    userAgent: \"a\\tb\\nc\"\n  condition: s\n"),
            "UserAgent =~ \"a\\tb\\nc\"");
  CHECK_STR(kql_aws("  s:\n    userAgent|contains: 'Jersey/${project.version}'\n"
                    "  condition: s\n"),
            "UserAgent contains \"Jersey/${project.version}\"");
  CHECK_STR(kql_aws("  s:\n    eventName: 42\n  condition: s\n"),
            "EventName =~ \"42\"");
}

static void test_fieldmap(void) {
  tw_buf b;
  tw_sfield_kind k;
  static const char *const cases[][3] = {
      {"A", "eventName", "EventName"},
      {"A", "eventSource", "EventSource"},
      {"A", "awsRegion", "AWSRegion"},
      {"A", "errorCode", "ErrorCode"},
      {"A", "userIdentity.type", "UserIdentityType"},
      {"A", "userIdentity.arn", "UserIdentityArn"},
      {"A", "userIdentity.sessionContext.sessionIssuer.type", "SessionIssuerType"},
      {"A", "eventType", "EventTypeName"},
      {"A", "sourceIPAddress", "SourceIpAddress"},
      {"A", "requestParameters.attribute",
       "tostring(parse_json(RequestParameters).attribute)"},
      {"A", "responseElements.pendingModifiedValues.masterUserPassword",
       "tostring(parse_json(ResponseElements).pendingModifiedValues."
       "masterUserPassword)"},
      {"A", "requestParameters.a-b", "tostring(parse_json(RequestParameters)[\"a-b\"])"},
      {"A", "UserAgent", "UserAgent"},
      {"Z", "operationName", "OperationNameValue"},
      {"Z", "status", "ActivityStatusValue"},
      {"Z", "CategoryValue", "CategoryValue"},
      {"Z", "ResourceId", "_ResourceId"},
      {"Z", "caller", "Caller"},
      {"Z", "properties.message", "tostring(Properties_d.message)"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    tw_buf_init(&b, 4096);
    trawl_table t = cases[i][0][0] == 'A' ? TRAWL_TABLE_AWSCLOUDTRAIL
                                          : TRAWL_TABLE_AZUREACTIVITY;
    CHECK(tw_sigma_field(t, cases[i][1], &b, &k) == 0);
    CHECK_STR(b.data, cases[i][2]);
    tw_buf_free(&b);
  }
  tw_buf_init(&b, 4096);
  CHECK(tw_sigma_field(TRAWL_TABLE_AWSCLOUDTRAIL, "status", &b, &k) != 0);
  CHECK(tw_sigma_field(TRAWL_TABLE_AWSCLOUDTRAIL, "requestParameters.", &b, &k) != 0);
  CHECK(tw_sigma_field(TRAWL_TABLE_AZUREACTIVITY, "eventName", &b, &k) != 0);
  tw_buf_free(&b);
  tw_buf_init(&b, 4096);
  CHECK(tw_sigma_field(TRAWL_TABLE_AWSCLOUDTRAIL, "readOnly", &b, &k) == 0);
  CHECK(k == TW_SF_OTHER);
  tw_buf_free(&b);
}

static void test_errors(void) {
  CHECK_STR(kql_aws("  s:\n    status: x\n  condition: s\n"),
            "ERROR r.yml:7:5: field 'status' has no column in AWSCloudTrail");
  CHECK_STR(kql_aws("  s:\n    eventName: x\n  condition: s and nope\n"),
            "ERROR r.yml:8:20: unknown search identifier 'nope'");
  CHECK_STR(kql_aws("  s:\n    eventName: x\n  condition: 's or'\n"),
            "ERROR r.yml:8:19: condition ends too early");
  CHECK_STR(kql_aws("  s:\n    eventName: x\n  condition: 1 of f_*\n"),
            "ERROR r.yml:8:19: no search identifier matches 'f_*'");
  CHECK_STR(kql_aws("  s:\n    - a\n    - b\n  condition: s\n"),
            "ERROR r.yml:7:7: keyword searches (a list of values without a "
            "field) are not supported");
  CHECK_STR(kql_aws("  s:\n    eventName: x\n"),
            "ERROR r.yml:6:3: detection has no condition");
  char *k = NULL;
  trawl_diag d;
  const char *other = "title: t\nlogsource:\n  product: windows\n"
                      "detection:\n  s:\n    a: b\n  condition: s\n";
  CHECK(trawl_sigma_to_kql(other, strlen(other), "w.yml", &k, &d) ==
        TRAWL_ERR_UNSUPPORTED);
  CHECK(strstr(d.message, "w.yml:3:3: unsupported logsource") != NULL);
  const char *bad = "title: t\nlogsource: [\n";
  CHECK(trawl_sigma_to_kql(bad, strlen(bad), "b.yml", &k, &d) ==
        TRAWL_ERR_INPUT);
  CHECK(strncmp(d.message, "b.yml:", 6) == 0);
  CHECK(k == NULL);
  CHECK(trawl_sigma_is_rule(other, strlen(other)) == 1);
  CHECK(trawl_sigma_is_rule("query: x\n", 9) == 0);
}

static void test_rule_metadata(void) {
  const char *y =
      "title: Root Use\nid: 11111111-2222-3333-4444-555555555555\n"
      "status: test\ndescription: d\nlevel: critical\n"
      "tags:\n  - attack.privilege-escalation\n  - attack.t1078.004\n"
      "  - attack.command-and-control\n  - attack.g0016\n  - cve.2021.1\n"
      "logsource:\n  product: azure\n  service: activitylogs\n"
      "detection:\n  s:\n    operationName: X\n  condition: s\n";
  trawl_ruleset *rs = trawl_ruleset_new();
  trawl_diag d;
  trawl_status st = trawl_ruleset_add_yaml(rs, y, strlen(y), "m.yml", &d);
  if (st != TRAWL_OK) {
    fprintf(stderr, "  %s\n", d.message);
  }
  CHECK(st == TRAWL_OK);
  const trawl_rule *r = trawl_ruleset_rule(rs, 0);
  if (r) {
    CHECK_STR(r->id, "11111111-2222-3333-4444-555555555555");
    CHECK_STR(r->name, "Root Use");
    CHECK_STR(r->severity, "High");
    CHECK_EQ(r->ntactics, 2);
    CHECK_STR(r->tactics[0], "PrivilegeEscalation");
    CHECK_STR(r->tactics[1], "CommandAndControl");
    CHECK_EQ(r->ntechniques, 1);
    CHECK_STR(r->techniques[0], "T1078.004");
    CHECK_STR(r->query, "AzureActivity\n| where OperationNameValue =~ \"X\"\n");
    CHECK_EQ(r->query_frequency, 36000000000LL);
    CHECK_EQ(r->query_period, 36000000000LL);
    CHECK(r->enabled);
  }
  trawl_ruleset_free(rs);
  CHECK_STR(tw_sigma_severity("informational"), "Informational");
  CHECK_STR(tw_sigma_severity("medium"), "Medium");
}

/* Every prefix of a rule, and every single-byte corruption of it, either
 * converts or fails with a message: no crash, no leak (ASan run). */
static void test_truncated_and_corrupted(void) {
  const char *y =
      "title: T\nid: x\nlevel: low\ntags: [attack.t1000]\n"
      "logsource:\n  product: aws\n  service: cloudtrail\n"
      "detection:\n  sel_a:\n    eventName|contains|all: ['a*b', 'c?d']\n"
      "  sel_b:\n    - requestParameters.x.y|re|i: '^a'\n"
      "    - sourceIPAddress|cidr: 10.0.0.0/8\n"
      "  filter:\n    errorCode: null\n    userAgent|base64: q\n"
      "  condition: (1 of sel_* or all of them) and not filter\n";
  size_t n = strlen(y);
  char buf[1024];
  int ok = 0;
  static const char junk[] = "|*?\\\"'-:[]{}\n#&!";
  for (size_t cut = 0; cut <= n; cut++) {
    for (size_t j = 0; j <= sizeof junk - 1; j++) {
      memcpy(buf, y, n);
      size_t len = n;
      if (j == sizeof junk - 1) {
        len = cut;  /* a prefix */
      } else if (cut < n) {
        buf[cut] = junk[j];  /* one corrupted byte */
      }
      char *k = NULL;
      trawl_diag d;
      d.message[0] = 0;
      trawl_status st = trawl_sigma_to_kql(buf, len, "f.yml", &k, &d);
      if (st == TRAWL_OK) {
        CHECK(k != NULL);
        trawl_query *q = NULL;
        trawl_diag cd;
        if (k && trawl_query_compile(k, strlen(k), NULL, &q, &cd) != TRAWL_OK &&
            !strstr(cd.message, "regular expression")) {  /* |re: as given */
          fprintf(stderr, "  does not compile (%s): %s\n", cd.message, k);
          check_failed_now = 1;
        }
        trawl_query_free(q);
        ok++;
      } else {
        CHECK(k == NULL);
        CHECK(strncmp(d.message, "f.yml", 5) == 0);
      }
      free(k);
    }
  }
  CHECK(ok > 0);
}

int main(void) {
  RUN(test_condition_parser);
  RUN(test_conditions_kql);
  RUN(test_modifiers);
  RUN(test_wildcards);
  RUN(test_escaping);
  RUN(test_fieldmap);
  RUN(test_errors);
  RUN(test_rule_metadata);
  RUN(test_truncated_and_corrupted);
  return check_done();
}
