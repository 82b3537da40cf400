/**
 * The metrics an operations team watches (docs/observability.md), by the service that must export
 * each over OTLP after one proposal went through, and the name `/metrics` serves it under.
 */
export const WATCHED_METRICS: readonly { metric: string; service: string; prometheus: string }[] = [
  { metric: 'http.server.request.duration', service: 'gateway', prometheus: 'http_server_request_duration' },
  { metric: 'http.server.request.duration', service: 'intake', prometheus: 'http_server_request_duration' },
  { metric: 'siks.eventstore.appended_events', service: 'intake', prometheus: 'siks_eventstore_appended_events' },
  {
    metric: 'siks.eventstore.append.duration',
    service: 'intake',
    prometheus: 'siks_eventstore_append_duration',
  },
  { metric: 'siks.relay.lag', service: 'intake', prometheus: 'siks_relay_lag' },
  { metric: 'siks.relay.published_events', service: 'intake', prometheus: 'siks_relay_published_events' },
  { metric: 'siks.consumer.lag', service: 'verification', prometheus: 'siks_consumer_lag' },
  { metric: 'siks.consumer.lag', service: 'reporting', prometheus: 'siks_consumer_lag' },
  { metric: 'siks.bus.dead_letters', service: 'registry', prometheus: 'siks_bus_dead_letters' },
  { metric: 'siks.projection.lag', service: 'reporting', prometheus: 'siks_projection_lag' },
  { metric: 'siks.projection.lag.age', service: 'reporting', prometheus: 'siks_projection_lag_age' },
  { metric: 'siks.projection.rebuild.progress', service: 'reporting', prometheus: 'siks_projection_rebuild_progress' },
  { metric: 'db.client.connection.count', service: 'intake', prometheus: 'db_client_connection_count' },
  { metric: 'db.client.connection.max', service: 'reporting', prometheus: 'db_client_connection_max' },
  {
    metric: 'db.client.connection.pending_requests',
    service: 'verification',
    prometheus: 'db_client_connection_pending_requests',
  },
];
