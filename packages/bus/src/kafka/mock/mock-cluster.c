/*
 * Starts librdkafka's mock Kafka cluster on loopback for the bus contract suite.
 *
 * Usage: mock-cluster TOPIC:PARTITIONS...
 * Creates each topic (the mock has no CreateTopics API), prints the bootstrap address
 * ("127.0.0.1:PORT") on one line of stdout, then runs until stdin closes or it is signalled.
 * Reading stdin to its end makes the cluster go away with the test process that started it.
 *
 * Build: cc -O1 -o mock-cluster mock-cluster.c -lrdkafka
 */
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int fail(const char *what, const char *detail) {
  fprintf(stderr, "mock-cluster: %s: %s\n", what, detail);
  return 1;
}

int main(int argc, char **argv) {
  char errstr[512];
  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  /* The handle only keeps the cluster's books; keep it quiet. */
  if (rd_kafka_conf_set(conf, "log_level", "3", errstr, sizeof errstr) != RD_KAFKA_CONF_OK)
    return fail("config", errstr);
  rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
  if (!rk) return fail("rd_kafka_new", errstr);

  rd_kafka_mock_cluster_t *cluster = rd_kafka_mock_cluster_new(rk, 1);
  if (!cluster) return fail("rd_kafka_mock_cluster_new", "failed");

  for (int i = 1; i < argc; i++) {
    char name[256];
    const char *colon = strrchr(argv[i], ':');
    size_t length = colon ? (size_t)(colon - argv[i]) : strlen(argv[i]);
    int partitions = colon ? atoi(colon + 1) : 1;
    if (length == 0 || length >= sizeof name || partitions < 1) return fail("bad topic argument", argv[i]);
    memcpy(name, argv[i], length);
    name[length] = '\0';
    rd_kafka_resp_err_t err = rd_kafka_mock_topic_create(cluster, name, partitions, 1);
    if (err) return fail(name, rd_kafka_err2str(err));
  }

  printf("%s\n", rd_kafka_mock_cluster_bootstraps(cluster));
  fflush(stdout);

  char buffer[256];
  while (read(STDIN_FILENO, buffer, sizeof buffer) > 0) {
  }

  rd_kafka_mock_cluster_destroy(cluster);
  rd_kafka_destroy(rk);
  return 0;
}
