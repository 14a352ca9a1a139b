/*
 * ingest/cloudtrail.h - CloudTrail-side helpers beyond record.h, for the
 * reader: the CloudTrail-only classifier and a reason for look-alike
 * records (S3 notifications, CloudWatch control messages).
 */
#ifndef TW_INGEST_CLOUDTRAIL_H
#define TW_INGEST_CLOUDTRAIL_H

#include "ingest/record.h"

/* CloudTrail kinds only (event, Insights record, digest), else OTHER. */
tw_rec_kind tw_cloudtrail_classify(const char *json, size_t len);

/* A sentence saying what a record that is not an event is, when it is a
 * known look-alike; NULL otherwise. */
const char *tw_cloudtrail_other_reason(const char *json, size_t len);

#endif
