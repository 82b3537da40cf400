-- The databases and roles of docker-compose.yml, run once by the postgres image on an empty data
-- volume (through create-databases.sh, which passes each password as a psql variable).
--
-- Every service logs in as its own role (siks_<service>) that owns its own database: no service
-- runs as the superuser, and none can read another's read models. Two databases are shared by
-- the five back-end services: `eventstore` (the log) and `keyring` (the subject keys of personal
-- data, KEYRING_URL), owned by the NOLOGIN roles siks_eventstore and siks_keyring. Every service
-- role is a member of both, and its sessions in those databases act as the owner (ALTER ROLE …
-- IN DATABASE … SET role), so what the first service to start migrates there serves them all.
-- That gives the services the owner's rights on the log; the least-privilege grants (append
-- only through the store's functions) need the event store's tables, which exist only after
-- the first migration, and are not applied by this file.

CREATE ROLE siks_eventstore NOLOGIN;
CREATE DATABASE eventstore OWNER siks_eventstore;
CREATE ROLE siks_keyring NOLOGIN;
CREATE DATABASE keyring OWNER siks_keyring;

CREATE ROLE siks_intake LOGIN PASSWORD :'intake_password';
CREATE ROLE siks_document LOGIN PASSWORD :'document_password';
CREATE ROLE siks_verification LOGIN PASSWORD :'verification_password';
CREATE ROLE siks_registry LOGIN PASSWORD :'registry_password';
CREATE ROLE siks_reporting LOGIN PASSWORD :'reporting_password';
CREATE ROLE siks_gateway LOGIN PASSWORD :'gateway_password';

CREATE DATABASE intake OWNER siks_intake;
CREATE DATABASE document OWNER siks_document;
CREATE DATABASE verification OWNER siks_verification;
CREATE DATABASE registry OWNER siks_registry;
CREATE DATABASE reporting OWNER siks_reporting;
CREATE DATABASE gateway OWNER siks_gateway;

-- Only its owner (and the superuser) may connect to a service's database.
REVOKE CONNECT ON DATABASE intake, document, verification, registry, reporting, gateway, eventstore, keyring FROM PUBLIC;

-- The gateway keeps users and sessions only: no event store, no keyring.
GRANT siks_eventstore, siks_keyring TO siks_intake, siks_document, siks_verification, siks_registry, siks_reporting;
ALTER ROLE siks_intake IN DATABASE eventstore SET role = 'siks_eventstore';
ALTER ROLE siks_document IN DATABASE eventstore SET role = 'siks_eventstore';
ALTER ROLE siks_verification IN DATABASE eventstore SET role = 'siks_eventstore';
ALTER ROLE siks_registry IN DATABASE eventstore SET role = 'siks_eventstore';
ALTER ROLE siks_reporting IN DATABASE eventstore SET role = 'siks_eventstore';
ALTER ROLE siks_intake IN DATABASE keyring SET role = 'siks_keyring';
ALTER ROLE siks_document IN DATABASE keyring SET role = 'siks_keyring';
ALTER ROLE siks_verification IN DATABASE keyring SET role = 'siks_keyring';
ALTER ROLE siks_registry IN DATABASE keyring SET role = 'siks_keyring';
ALTER ROLE siks_reporting IN DATABASE keyring SET role = 'siks_keyring';
