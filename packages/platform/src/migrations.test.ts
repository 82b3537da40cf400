import { describe, expect, it } from 'vitest';
import { platformMigrations, sameDatabase } from './migrations.ts';

const components = (sets: ReturnType<typeof platformMigrations>): string[] => sets.map((set) => set.component);
const intake = 'postgres://siks_intake:x@db:5432/intake';

describe('platformMigrations', () => {
  it('puts every shared schema in the one database of the embedded default', () => {
    expect(components(platformMigrations())).toEqual(['eventstore', 'eventstore_checkpoints', 'bus', 'pii']);
    expect(components(platformMigrations(intake, { databaseUrl: intake }))).toContain('eventstore');
  });

  it('leaves out the event store and the keyring when they live in databases of their own', () => {
    const sets = platformMigrations('postgres://siks_intake:x@db/eventstore', {
      databaseUrl: intake,
      keyringUrl: 'postgres://siks_intake:x@db/keyring',
    });
    expect(components(sets)).toEqual(['eventstore_checkpoints', 'bus']);
  });

  it('leaves out the event store when it is KurrentDB', () => {
    expect(components(platformMigrations('kurrentdb://kdb:2113?tls=false', { databaseUrl: intake }))).not.toContain(
      'eventstore',
    );
  });
});

describe('sameDatabase', () => {
  it('compares host, port and database, not the user', () => {
    expect(sameDatabase(intake, 'postgres://other:y@db/intake')).toBe(true);
    expect(sameDatabase(intake, 'postgres://siks_intake:x@db:5433/intake')).toBe(false);
    expect(sameDatabase(intake, 'postgres://siks_intake:x@db/eventstore')).toBe(false);
    expect(sameDatabase(intake, undefined)).toBe(true);
  });
});
