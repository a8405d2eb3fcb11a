#!/bin/sh
# Creates Trainflow's namespace when missing and registers the custom search attributes the
# workflows set (workflows/search-attributes.ts; ids and states only, no personal data). Safe to
# run again. The `temporal` CLI reads TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE and the TEMPORAL_TLS_*
# / TEMPORAL_API_KEY variables itself. (Temporal Cloud: add the attributes in its UI or tcld.)
set -eu
ns="${TEMPORAL_NAMESPACE:-default}"
if ! temporal operator namespace describe --namespace "$ns" >/dev/null 2>&1; then
  temporal operator namespace create --namespace "$ns" --retention "${TEMPORAL_RETENTION:-30d}"
fi
registered=$(temporal operator search-attribute list --namespace "$ns")
for attribute in TrainflowProcess:Keyword TrainflowStatus:Keyword TrainflowOrganisationId:Keyword \
  TrainflowUniversityId:Keyword TrainflowIntakeId:Keyword TrainflowHubId:Keyword \
  TrainflowPracticeId:Keyword TrainflowNextDeadline:Datetime; do
  name="${attribute%%:*}"
  type="${attribute##*:}"
  if echo "$registered" | grep -qw "$name"; then
    echo "$name already registered"
  else
    temporal operator search-attribute create --namespace "$ns" --name "$name" --type "$type"
  fi
done
