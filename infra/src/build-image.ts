import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildConsole } from '@siks/console/build';
import { bundleService } from './bundle.ts';
import { SERVICES } from './services.ts';

/**
 * What the Dockerfile's build stage runs for one service (and what the image smoke test runs
 * without Docker): the service bundled for plain `node`, with the operator commands that belong
 * to it, and, for the gateway, the web console it serves. After this the image keeps production
 * dependencies only (`pnpm install --prod`), so nothing may run through tsx any more.
 */
export const IMAGE_COMMANDS: Readonly<Record<string, readonly string[]>> = {
  // `siks users add|list|disable` in a container: node services/gateway/dist/users/main.js …
  gateway: ['users/main.ts'],
  // `siks rebuild <projection|all>`: node services/reporting/dist/rebuild/main.js …
  reporting: ['rebuild/main.ts'],
};

/** Where the image keeps the built console (the gateway's default CONSOLE_DIR). */
export const consoleDistOf = (root: string): string => join(root, 'apps', 'console', 'dist');

export async function buildImage(root: string, service: string): Promise<string[]> {
  if (!SERVICES.some(({ name }) => name === service)) {
    throw new Error(`unknown service "${service}" (one of ${SERVICES.map(({ name }) => name).join(', ')})`);
  }
  const built = [await bundleService(join(root, 'services', service), { extraEntries: IMAGE_COMMANDS[service] ?? [] })];
  if (service === 'gateway') built.push((await buildConsole({ outDir: consoleDistOf(root) })).outDir);
  return built;
}

// `node --import tsx infra/src/build-image.ts <service> [<service>…]`
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const services = process.argv.slice(2);
  try {
    if (services.length === 0) throw new Error('name the services to build');
    for (const service of services) console.log(`built ${service}: ${(await buildImage(root, service)).join(', ')}`);
  } catch (error) {
    console.error(`build-image: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
