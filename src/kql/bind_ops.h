/*
 * kql/bind_ops.h - the per-operator binding entry points shared between
 * bind_ops.c (dispatch, project/extend/summarize, sources) and
 * bind_join.c (join, union, mv-expand, parse, project-* family) and
 * bind_src.c (datatable, externaldata, range).
 */
#ifndef TW_KQL_BIND_OPS_H
#define TW_KQL_BIND_OPS_H

#include "kql/bind_int.h"

trawl_status tw_bind_join(tw_binder *b, tw_ast *op, const tw_schema *in);
trawl_status tw_bind_union(tw_binder *b, tw_ast *op, const tw_schema *in);
trawl_status tw_bind_mv_expand(tw_binder *b, tw_ast *op, const tw_schema *in);
trawl_status tw_bind_mv_apply(tw_binder *b, tw_ast *op, const tw_schema *in);
trawl_status tw_bind_parse(tw_binder *b, tw_ast *op, const tw_schema *in);
trawl_status tw_bind_project_family(tw_binder *b, tw_ast *op,
                                    const tw_schema *in);
trawl_status tw_bind_datatable(tw_binder *b, tw_ast *op);
trawl_status tw_bind_externaldata(tw_binder *b, tw_ast *op);
trawl_status tw_bind_range(tw_binder *b, tw_ast *op);
int tw_bind_glob(const char *pattern, const char *s);
int tw_bind_is_operator(const tw_ast *n);

#endif
