/**
 * One base URL in front of the services of an in-process system (support/system.ts), forwarding
 * each request by its path prefix as the gateway does, so flows written against the gateway
 * (support/pipeline-flow.ts) run against it. For tests only: no auth, no limits, no rewriting.
 */
import { createServer, request as forward } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PathRouter {
  url: string;
  close(): Promise<void>;
}

/** Routes `/v1/<prefix>…` to the service whose base URL `prefixes` names. */
export async function startPathRouter(prefixes: Readonly<Record<string, string>>): Promise<PathRouter> {
  const entries = Object.entries(prefixes).sort(([a], [b]) => b.length - a.length);
  const server = createServer((incoming, outgoing) => {
    const path = incoming.url ?? '/';
    const target = entries.find(
      ([prefix]) => path === prefix || path.startsWith(`${prefix}/`) || path.startsWith(`${prefix}?`),
    );
    if (!target) {
      outgoing.writeHead(404).end();
      return;
    }
    const upstream = new URL(path, target[1]);
    const proxied = forward(
      upstream,
      { method: incoming.method, headers: { ...incoming.headers, host: upstream.host } },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    proxied.on('error', () => outgoing.writeHead(502).end());
    incoming.pipe(proxied);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
