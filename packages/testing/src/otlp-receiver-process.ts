/**
 * `startOtlpReceiver` in a process of its own, for a bench run that traces in its own process:
 * there the tracing SDK patches `http.Server`, and a receiver in that process would trace each
 * export it takes in (spans about spans). Messages: it sends `{ url }` once listening, answers
 * `'counts'` with its counts, and stops on `'stop'`.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startOtlpReceiver, type OtlpCounts } from './otlp-receiver.ts';

export interface OtlpReceiverProcess {
  url: string;
  counts(): Promise<OtlpCounts>;
  stop(): Promise<void>;
}

export async function startOtlpReceiverProcess(): Promise<OtlpReceiverProcess> {
  const child = fork(fileURLToPath(import.meta.url), ['--serve'], { execArgv: process.execArgv, stdio: 'inherit' });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (message: { url: string }) => resolve(message.url));
    child.once('exit', (code) => reject(new Error(`OTLP receiver process exited with ${String(code)}`)));
  });
  return {
    url,
    counts: () =>
      new Promise((resolve) => {
        child.once('message', (message: OtlpCounts) => resolve(message));
        child.send('counts');
      }),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.send('stop');
      }),
  };
}

if (process.argv.includes('--serve') && process.send) {
  const receiver = await startOtlpReceiver();
  process.on('message', (message) => {
    if (message === 'counts') process.send?.(receiver.counts());
    if (message === 'stop') void receiver.stop().then(() => process.exit(0));
  });
  process.send({ url: receiver.url });
}
