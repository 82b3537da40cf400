import { useTestDatabase } from '@siks/testing/vitest';
import { eventStoreContract } from './contract.ts';
import { postgresHarness } from './postgres-harness.ts';

const url = await useTestDatabase('eventstore');

eventStoreContract('PostgreSQL', () => postgresHarness(url, false));
