#!/usr/bin/env bash
# Test prerequisites that npm cannot install, from Debian's packages:
# - librdkafka's headers and library, from which the bus contract suite compiles the Kafka mock
#   cluster (packages/bus/src/kafka/mock), and a C compiler;
# - Chromium, which the console's browser tests drive with playwright-core (no browser download).
set -euo pipefail
missing=()
{ [ -f /usr/include/librdkafka/rdkafka_mock.h ] && command -v cc >/dev/null 2>&1; } || missing+=(librdkafka-dev gcc libc6-dev)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${missing[*]} (Kafka contract suite, browser tests)…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "The tests need these Debian packages: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
