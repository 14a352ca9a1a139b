/*
 * functions/fn_ip.c - network kernels: parse_ipv4, ipv4_is_private,
 * ipv4_is_in_range, ipv4_is_match (IPv4 text with an optional /prefix),
 * and parse_url. Text that is not an address gives null.
 */
#include <string.h>

#include "functions/convert.h"
#include "functions/kernels.h"
#include "value/json.h"

/* "a.b.c.d[/n]" -> address and prefix length (32 without /n). */
static int parse_ip(const char *s, size_t n, uint32_t *ip, int *prefix) {
  while (n && (*s == ' ' || *s == '\t')) {
    s++;
    n--;
  }
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) {
    n--;
  }
  uint32_t v = 0;
  size_t i = 0;
  for (int part = 0; part < 4; part++) {
    if (part) {
      if (i >= n || s[i] != '.') {
        return -1;
      }
      i++;
    }
    uint32_t o = 0;
    int nd = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9' && nd < 4) {
      o = o * 10 + (uint32_t)(s[i] - '0');
      i++;
      nd++;
    }
    if (nd == 0 || nd > 3 || o > 255) {
      return -1;
    }
    v = (v << 8) | o;
  }
  int p = 32;
  if (i < n && s[i] == '/') {
    i++;
    int nd = 0;
    p = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9' && nd < 3) {
      p = p * 10 + (s[i] - '0');
      i++;
      nd++;
    }
    if (nd == 0 || p > 32) {
      return -1;
    }
  }
  if (i != n) {
    return -1;
  }
  *ip = v;
  *prefix = p;
  return 0;
}

static uint32_t mask_of(int prefix) {
  return prefix <= 0 ? 0 : prefix >= 32 ? 0xFFFFFFFFu
                                        : ~(0xFFFFFFFFu >> prefix);
}

static int ip_arg(tw_eval_ctx *ctx, tw_ast *call, const tw_value *v,
                  uint32_t *ip, int *prefix, int *ok) {
  const char *s;
  size_t n;
  int rc = tw_k_str(ctx, call, v, &s, &n);
  if (rc) {
    return rc;
  }
  *ok = parse_ip(s, n, ip, prefix) == 0;
  return 0;
}

TW_KERNEL(parse_ipv4) {
  uint32_t ip;
  int p, ok, rc;
  (void)nargs;
  if ((rc = ip_arg(ctx, call, &args[0], &ip, &p, &ok))) {
    return rc;
  }
  *out = ok ? tw_long((int64_t)(ip & mask_of(p))) : tw_null(TW_T_LONG);
  return 0;
}

TW_KERNEL(ipv4_is_private) {
  uint32_t ip;
  int p, ok, rc;
  (void)nargs;
  if ((rc = ip_arg(ctx, call, &args[0], &ip, &p, &ok))) {
    return rc;
  }
  if (!ok) {
    *out = tw_null(TW_T_BOOL);
    return 0;
  }
  static const struct {
    uint32_t net;
    int len;
  } priv[] = {{0x0A000000u, 8}, {0xAC100000u, 12}, {0xC0A80000u, 16}};
  int res = 0;
  for (size_t i = 0; i < 3 && !res; i++) {
    res = p >= priv[i].len && (ip & mask_of(priv[i].len)) == priv[i].net;
  }
  *out = tw_bool(res);
  return 0;
}

TW_KERNEL(ipv4_is_in_range) {
  uint32_t ip, net;
  int p1, p2, ok1, ok2, rc;
  (void)nargs;
  if ((rc = ip_arg(ctx, call, &args[0], &ip, &p1, &ok1)) ||
      (rc = ip_arg(ctx, call, &args[1], &net, &p2, &ok2))) {
    return rc;
  }
  if (!ok1 || !ok2) {
    *out = tw_null(TW_T_BOOL);
    return 0;
  }
  int p = p1 < p2 ? p1 : p2;
  *out = tw_bool((ip & mask_of(p)) == (net & mask_of(p)));
  return 0;
}

TW_KERNEL(ipv4_is_match) {
  uint32_t a, b;
  int p1, p2, ok1, ok2, rc;
  if ((rc = ip_arg(ctx, call, &args[0], &a, &p1, &ok1)) ||
      (rc = ip_arg(ctx, call, &args[1], &b, &p2, &ok2))) {
    return rc;
  }
  int64_t p3 = 32;
  if (!ok1 || !ok2 || (nargs > 2 && (!tw_k_int(&args[2], &p3) || p3 < 0 ||
                                     p3 > 32))) {
    *out = tw_null(TW_T_BOOL);
    return 0;
  }
  int p = p1 < p2 ? p1 : p2;
  if (p3 < p) {
    p = (int)p3;
  }
  *out = tw_bool((a & mask_of(p)) == (b & mask_of(p)));
  return 0;
}

/* ---------------------------------------------------------- parse_url */

static int put_member(tw_eval_ctx *ctx, tw_dyn *items, uint32_t i,
                      const char *key, const char *v, size_t vn) {
  tw_value kv = tw_str(key, strlen(key));
  tw_value vv = tw_str(v, vn);
  if (tw_value_to_dyn_node(ctx->arena, &kv, &items[2 * i]) < 0 ||
      tw_value_to_dyn_node(ctx->arena, &vv, &items[2 * i + 1]) < 0) {
    return -1;
  }
  return 0;
}

static const char *find_any(const char *p, const char *end, const char *set) {
  for (; p < end; p++) {
    if (strchr(set, *p)) {
      return p;
    }
  }
  return end;
}

TW_KERNEL(parse_url) {
  const char *s;
  size_t n;
  int rc = tw_k_str(ctx, call, &args[0], &s, &n);
  (void)nargs;
  if (rc) {
    return rc;
  }
  const char *end = s + n;
  const char *sep = n >= 3 ? strstr(s, "://") : NULL;
  if (!sep || sep >= end || sep == s) {
    tw_dyn *bag = tw_arena_zalloc(ctx->arena, sizeof *bag);
    if (!bag) {
      return tw_k_oom(ctx, call);
    }
    bag->kind = TRAWL_DYN_OBJECT;
    *out = tw_dynamic(bag);
    return 0;
  }
  const char *auth = sep + 3;
  const char *auth_end = find_any(auth, end, "/?#");
  const char *user = auth, *user_end = auth, *pass = auth, *pass_end = auth;
  const char *at = NULL;
  for (const char *q = auth; q < auth_end; q++) {
    if (*q == '@') {
      at = q;
    }
  }
  const char *host = auth;
  if (at) {
    const char *colon = find_any(auth, at, ":");
    user_end = colon;
    if (colon < at) {
      pass = colon + 1;
      pass_end = at;
    }
    host = at + 1;
  }
  const char *host_end = auth_end, *port = auth_end, *port_end = auth_end;
  const char *pc = find_any(host, auth_end, ":");
  if (pc < auth_end) {
    host_end = pc;
    port = pc + 1;
  }
  const char *path = auth_end;
  const char *path_end = find_any(path, end, "?#");
  const char *query = path_end, *query_end = path_end;
  if (query < end && *query == '?') {
    query++;
    query_end = find_any(query, end, "#");
  }
  const char *frag = find_any(query_end, end, "#");
  const char *frag_end = end;
  if (frag < end) {
    frag++;
  }
  /* query parameters */
  uint32_t nq = 0;
  for (const char *q = query; q < query_end;) {
    const char *amp = find_any(q, query_end, "&");
    if (amp > q) {
      nq++;
    }
    q = amp + 1;
  }
  tw_dyn *qbag = tw_arena_zalloc(ctx->arena, sizeof *qbag);
  tw_dyn *qitems = nq ? tw_arena_zalloc(ctx->arena, 2 * nq * sizeof *qitems)
                      : NULL;
  tw_dyn *bag = tw_arena_zalloc(ctx->arena, sizeof *bag);
  tw_dyn *items = tw_arena_zalloc(ctx->arena, 16 * sizeof *items);
  if (!qbag || (nq && !qitems) || !bag || !items) {
    return tw_k_oom(ctx, call);
  }
  uint32_t k = 0;
  for (const char *q = query; q < query_end && k < nq;) {
    const char *amp = find_any(q, query_end, "&");
    if (amp > q) {
      const char *eq = find_any(q, amp, "=");
      tw_value kv = tw_str(q, (size_t)(eq - q));
      tw_value vv = eq < amp ? tw_str(eq + 1, (size_t)(amp - eq - 1))
                             : tw_str("", 0);
      if (tw_value_to_dyn_node(ctx->arena, &kv, &qitems[2 * k]) < 0 ||
          tw_value_to_dyn_node(ctx->arena, &vv, &qitems[2 * k + 1]) < 0) {
        return tw_k_oom(ctx, call);
      }
      k++;
    }
    q = amp + 1;
  }
  qbag->kind = TRAWL_DYN_OBJECT;
  qbag->n = k;
  qbag->u.items = qitems;
  bag->kind = TRAWL_DYN_OBJECT;
  bag->n = 8;
  bag->u.items = items;
  if (put_member(ctx, items, 0, "Scheme", s, (size_t)(sep - s)) ||
      put_member(ctx, items, 1, "Host", host, (size_t)(host_end - host)) ||
      put_member(ctx, items, 2, "Port", port, (size_t)(port_end - port)) ||
      put_member(ctx, items, 3, "Path", path, (size_t)(path_end - path)) ||
      put_member(ctx, items, 4, "Username", user,
                 (size_t)(user_end - user)) ||
      put_member(ctx, items, 5, "Password", pass,
                 (size_t)(pass_end - pass)) ||
      put_member(ctx, items, 7, "Fragment", frag,
                 (size_t)(frag < end ? frag_end - frag : 0))) {
    return tw_k_oom(ctx, call);
  }
  tw_value qk = tw_str("Query Parameters", 16);
  if (tw_value_to_dyn_node(ctx->arena, &qk, &items[12]) < 0) {
    return tw_k_oom(ctx, call);
  }
  items[13] = *qbag;
  *out = tw_dynamic(bag);
  return 0;
}
