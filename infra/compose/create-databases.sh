#!/bin/sh
# Runs create-databases.sql with each service role's password from the environment (the postgres
# image runs this once, on an empty data volume). Every password is required: no defaults.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v intake_password="${SIKS_INTAKE_DB_PASSWORD:?}" \
  -v document_password="${SIKS_DOCUMENT_DB_PASSWORD:?}" \
  -v verification_password="${SIKS_VERIFICATION_DB_PASSWORD:?}" \
  -v registry_password="${SIKS_REGISTRY_DB_PASSWORD:?}" \
  -v reporting_password="${SIKS_REPORTING_DB_PASSWORD:?}" \
  -v gateway_password="${SIKS_GATEWAY_DB_PASSWORD:?}" \
  -f /siks/create-databases.sql
