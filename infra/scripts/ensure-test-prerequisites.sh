#!/usr/bin/env bash
# Test prerequisites that npm cannot install: librdkafka's headers and library, from which the
# bus contract suite compiles the Kafka mock cluster (packages/bus/test/kafka-mock).
set -euo pipefail
if [ -f /usr/include/librdkafka/rdkafka_mock.h ] && command -v cc >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing librdkafka-dev and a C compiler (needed by the Kafka contract suite)…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq librdkafka-dev gcc libc6-dev >/dev/null
else
  echo "The Kafka contract suite needs librdkafka-dev and a C compiler: sudo apt-get install librdkafka-dev gcc" >&2
  exit 1
fi
