export const USAGE = `siks — tools for the SIKS embedded default and its database

usage: pnpm siks <command> [options]

commands:
  token --role ROLE --region CODE [--sub ID] [--name NAME] [--ttl 1h]
      print an access token signed with the dev key (.data/keys, or JWT_PRIVATE_KEY)
      roles: operator_desa (village code PP.KK.CC.DDDD), verifikator_kabkota and
      admin_kabkota (regency PP.KK), admin_provinsi (province PP), pusdatin (--region ''),
      auditor (any scope)
  audit checkpoint [--database-url URL] [--checkpoint-dir DIR]
      add the new events to the audit log's Merkle tree and publish a signed checkpoint
      (one file per checkpoint in DIR, plus latest) and its short code
  audit verify [--database-url URL] [--checkpoint FILE] [--checkpoint-dir DIR] [--vkey FILE]
      check the log against the latest published checkpoint (or FILE) and walk every hash
      chain; exit 1 naming what broke (leaf, stream and revision where it can)
  audit verify --eventstore-url kurrentdb://…
      walk every hash chain of a KurrentDB event store (also when EVENTSTORE_URL names one)
  audit export --out DIR [--database-url URL] [--checkpoint-dir DIR]
      write the log as leaves.jsonl plus the checkpoints, for the standalone verifier
  audit prove (--event ID | --position N) [--size N]
  audit consistency --from N [--to N]
      print an inclusion proof of an event, or a consistency proof between two tree sizes (JSON)
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
  export verify FILE SIG [--jwks FILE|URL] [--key PEM]
      check a signed cut-off export: its JWS against the registry's export key (default
      .data/keys/export-signing.pem), then the file's SHA-256 (docs/cutoff-export.md)
  pii forget --reason TEXT [--nik NIK | --nik -]
      forget a person: destroy their keys, record the erasure, every service blanks its rows
      (the NIK from standard input or a prompt when --nik is absent or -)
  pii rotate
      re-wrap every subject key under a new PII_MASTER_KEY (docs/security.md)
  pii reindex [--batch N] [--restart]
      after a new PII_BLIND_INDEX_KEY: keep every NIK and KK findable under it (docs/security.md)
  help
      this text

The database is --database-url, else DATABASE_URL, else the embedded default
(postgres://…@127.0.0.1:54320/siks, when pnpm start is running).
Audit: AUDIT_SIGNING_KEY (Ed25519 PEM file; default .data/keys/audit-signing.pem, created on
first use), AUDIT_CHECKPOINT_DIR (default .data/audit-checkpoints), AUDIT_LOG_ORIGIN,
AUDIT_VERIFIER_KEY (a pinned verifier key file for audit verify).
Exit codes: 0 ok, 1 check failed, 2 usage error, 3 database unreachable.`;
