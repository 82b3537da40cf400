export const USAGE = `siks — tools for the SIKS embedded default and its database

usage: pnpm siks <command> [options]

commands:
  token --role ROLE --region CODE [--sub ID] [--name NAME] [--ttl 1h]
      print an access token signed with the dev key (.data/keys, or JWT_PRIVATE_KEY)
      roles: operator_desa (village code PP.KK.CC.DDDD), verifikator_kabkota and
      admin_kabkota (regency PP.KK), admin_provinsi (province PP), pusdatin (--region ''),
      auditor (any scope)
  audit verify [--database-url URL]
      walk every event stream and check its hash chain; exit 1 naming the first broken
      stream and revision
  migrate [--database-url URL]
      apply the shared migrations (event store, subscriptions, bus, PII keyring)
  rebuild <projection|all> [--database-url URL] [--max-lag N]
      rebuild a reporting projection from the log with a progress bar, while the service
      keeps answering from the old one until the new one has caught up
  users add --username NAME --name "Display name" --role ROLE --region CODE [--password-stdin]
  users list [--region CODE]
  users disable USERNAME
      manage the gateway's users (password generated and printed once unless --password-stdin)
  dlq list [--topic T] [--group G] [--limit N]
  dlq show <topic>.dlq/<partition>/<offset>
  dlq replay <id> --reason TEXT | dlq replay --topic T --group G --reason TEXT [--by NAME]
      dead letters of the PostgreSQL bus: counts per topic and group and their errors, one
      letter's envelope (never its personal data), and a recorded replay to its source topic
      for the group that gave up on it
  help
      this text

The database is --database-url, else DATABASE_URL, else the embedded default
(postgres://…@127.0.0.1:54320/siks, when pnpm start is running).
Exit codes: 0 ok, 1 check failed, 2 usage error, 3 database unreachable.`;
