import { MESSAGES_CHANNEL } from './notify.ts';

/**
 * `bus.publish(topic, partitions, keys, values, headers)`: a whole batch of messages in one
 * statement (its own transaction), one round trip instead of two statements per touched
 * partition plus BEGIN, the notify and COMMIT. Message `i` goes to partition `partitions[i]`
 * (chosen by the caller with Kafka's partitioner). Each touched partition row is locked in
 * partition order (publishers never deadlock) while its offsets are assigned, so offsets are
 * dense and become visible in order. An unknown topic or partition raises `undefined_object`.
 */
export const publishFunctionSql = `
CREATE FUNCTION bus.publish(p_topic text, p_partitions integer[], p_keys text[], p_values text[], p_headers jsonb[])
RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
  v_partition integer;
  v_count     bigint;
  v_first     bigint;
BEGIN
  IF cardinality(p_keys) <> cardinality(p_partitions) OR cardinality(p_values) <> cardinality(p_partitions)
     OR cardinality(p_headers) <> cardinality(p_partitions) THEN
    RAISE EXCEPTION 'bus.publish: arrays of different lengths';
  END IF;
  FOR v_partition, v_count IN
    SELECT p, count(*) FROM unnest(p_partitions) AS p GROUP BY p ORDER BY p
  LOOP
    UPDATE bus.partitions SET next_offset = next_offset + v_count
     WHERE topic = p_topic AND partition = v_partition
    RETURNING next_offset - v_count INTO v_first;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'bus.publish: unknown topic % or partition %', p_topic, v_partition
        USING ERRCODE = 'undefined_object';
    END IF;
    INSERT INTO bus.messages (topic, partition, "offset", key, value, headers)
    SELECT p_topic, v_partition, v_first + row_number() OVER (ORDER BY m.i) - 1, m.key, m.value, m.headers
      FROM unnest(p_partitions, p_keys, p_values, p_headers) WITH ORDINALITY AS m(partition, key, value, headers, i)
     WHERE m.partition = v_partition;
  END LOOP;
  PERFORM pg_notify('${MESSAGES_CHANNEL}', p_topic);
END
$fn$;
`;
