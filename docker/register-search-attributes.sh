#!/bin/sh
# Registers Trainflow's custom search attributes (workflows/search-attributes.ts) on a
# Temporal server; safe to run again. Ids and states only: no personal data.
set -e
ns="${TEMPORAL_NAMESPACE:-default}"
for attribute in TrainflowProcess:Keyword TrainflowStatus:Keyword TrainflowOrganisationId:Keyword \
  TrainflowUniversityId:Keyword TrainflowIntakeId:Keyword TrainflowHubId:Keyword \
  TrainflowPracticeId:Keyword TrainflowNextDeadline:Datetime; do
  name="${attribute%%:*}"; type="${attribute##*:}"
  temporal operator search-attribute create --namespace "$ns" --name "$name" --type "$type" 2>/dev/null \
    || echo "$name already registered"
done
