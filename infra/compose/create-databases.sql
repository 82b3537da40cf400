-- The databases and roles of docker-compose.yml, run once by the postgres image on an empty data
-- volume (through create-databases.sh, which passes each password as a psql variable).
--
-- Every service logs in as its own role (siks_<service>) that owns its own database: no service
-- runs as the superuser, and none can read another's read models. The event store is shared:
-- database `eventstore` belongs to the NOLOGIN role siks_eventstore, every service role is a
-- member, and a service's sessions in that database act as siks_eventstore (ALTER ROLE … SET
-- role), so the tables one service's migrations create there are usable by all of them.

CREATE ROLE siks_eventstore NOLOGIN;
CREATE DATABASE eventstore OWNER siks_eventstore;

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
REVOKE CONNECT ON DATABASE intake, document, verification, registry, reporting, gateway, eventstore FROM PUBLIC;

-- The gateway keeps users and sessions only: no event store.
GRANT siks_eventstore TO siks_intake, siks_document, siks_verification, siks_registry, siks_reporting;
GRANT CONNECT ON DATABASE eventstore TO siks_eventstore;
ALTER ROLE siks_intake IN DATABASE eventstore SET role = 'siks_eventstore';
ALTER ROLE siks_document IN DATABASE eventstore SET role = 'siks_eventstore';
ALTER ROLE siks_verification IN DATABASE eventstore SET role = 'siks_eventstore';
ALTER ROLE siks_registry IN DATABASE eventstore SET role = 'siks_eventstore';
ALTER ROLE siks_reporting IN DATABASE eventstore SET role = 'siks_eventstore';
