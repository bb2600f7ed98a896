#!/bin/sh
# The one-shot job temporal-namespace of docker-compose.yml (image temporalio/admin-tools), once
# the Temporal server is healthy: the namespace with its retention and the case search attributes
# (SEARCH_ATTRIBUTES, the list of src/temporal/searchAttributes.ts), as src/infra/temporalServer.ts
# registers them for a server built from binaries. Safe to repeat: a namespace that exists keeps
# its retention (the worker sets it from the settings at every start), search attributes that
# exist are left as they are. The `temporal` CLI reads TEMPORAL_ADDRESS and TEMPORAL_NAMESPACE.
set -eu
: "${TEMPORAL_ADDRESS:?}" "${TEMPORAL_NAMESPACE:?}" "${NAMESPACE_RETENTION:?}" "${SEARCH_ATTRIBUTES:?}"

# Repeats a command for up to two minutes: the services of a new server join one by one.
retry() {
  tries=0
  until "$@"; do
    tries=$((tries + 1))
    if [ "$tries" -ge 60 ]; then echo "temporal-namespace: gave up on: $*" >&2; return 1; fi
    sleep 2
  done
}

# The namespace, created only when it is not there.
ensure_namespace() {
  if temporal operator namespace describe --namespace "$TEMPORAL_NAMESPACE" >/dev/null 2>&1; then
    echo "temporal-namespace: namespace $TEMPORAL_NAMESPACE is there (its retention stays as it was set)"
    return 0
  fi
  temporal operator namespace create --namespace "$TEMPORAL_NAMESPACE" --retention "$NAMESPACE_RETENTION" --description Klachtflow
}
retry ensure_namespace

# SEARCH_ATTRIBUTES: Name=Type pairs separated by spaces (Type as the CLI names it: Keyword, Datetime, Bool, ...).
set --
for pair in $SEARCH_ATTRIBUTES; do
  set -- "$@" --name "${pair%%=*}" --type "${pair#*=}"
done
retry temporal operator search-attribute create --namespace "$TEMPORAL_NAMESPACE" "$@"
temporal operator search-attribute list --namespace "$TEMPORAL_NAMESPACE"
