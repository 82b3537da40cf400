/**
 * `node infra/dist/setup-layout.js`: the production layout's setup step as a command
 * (docs/production-layout.md), run once before the services start — docker-compose.yml's
 * one-shot `setup` service. Bundled into every image by infra/src/build-image.ts.
 *
 * Environment: `POSTGRES_ADMIN_URL`, a superuser's URL on the server; `POSTGRES_PASSWORD`, its
 * password when the URL carries none (so the superuser's password need not be URL-safe); and
 * one password per role of the layout, `<ROLE>_DB_PASSWORD` (`SIKS_INTAKE_DB_PASSWORD`, …,
 * `SIKS_EVENTSTORE_DB_PASSWORD`, `SIKS_KEYRING_DB_PASSWORD`). Idempotent, so it runs on every
 * `docker compose up`: a changed password in `.env` reaches its role, and grants are set again
 * after the shared databases' migrations.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describeLayout, setUpProductionLayout, type LayoutOptions, type ProductionLayout } from './layout.ts';

type Env = Readonly<Record<string, string | undefined>>;

/** The variable that holds `role`'s password: `siks_intake` → `SIKS_INTAKE_DB_PASSWORD`. */
export const passwordVariableOf = (role: string): string => `${role.toUpperCase()}_DB_PASSWORD`;

/** The setup's options from the environment; throws naming every missing variable (never a value). */
export function layoutOptionsFromEnv(env: Env): LayoutOptions {
  const missing: string[] = [];
  const adminText = env['POSTGRES_ADMIN_URL'];
  if (!adminText) missing.push('POSTGRES_ADMIN_URL');
  const adminUrl = new URL(adminText || 'postgres://postgres@localhost/postgres');
  if (!adminUrl.password && env['POSTGRES_PASSWORD']) adminUrl.password = env['POSTGRES_PASSWORD'];
  const password = (role: string): string => env[passwordVariableOf(role)] ?? '';
  const options: LayoutOptions = { adminUrl: adminUrl.toString(), password };
  // Every role of the layout logs in: each needs its password before anything is created.
  for (const role of Object.values(describeLayout(options).roles)) {
    if (!password(role)) missing.push(passwordVariableOf(role));
  }
  if (missing.length > 0) throw new Error(`set ${missing.join(', ')}`);
  return options;
}

/** One line an operator reads: what exists now (names only). */
export const describeSetUp = (layout: ProductionLayout): string =>
  `production layout ready: databases ${Object.values(layout.databases).join(', ')}; ` +
  `roles ${Object.values(layout.roles).join(', ')}`;

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    console.log(describeSetUp(await setUpProductionLayout(layoutOptionsFromEnv(process.env))));
  } catch (error) {
    // pg's errors name roles and databases, never passwords.
    console.error(`setup-layout: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
