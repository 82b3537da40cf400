import { describe, expect, it } from 'vitest';
import { runService } from '../src/index.ts';
import { testApp } from './helpers.ts';

describe('runService', () => {
  it('on SIGTERM finishes the request in flight, runs the hooks in order, then exits 0', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started: () => void = () => undefined;
    const inFlight = new Promise<void>((resolve) => {
      started = resolve;
    });
    const order: string[] = [];
    const t = await testApp((app) => {
      app.get('/slow', { config: { public: true } }, async () => {
        started();
        await gate;
        order.push('request finished');
        return { done: true };
      });
    });
    let answer: unknown;
    const exited = new Promise<number>((resolve) => {
      void runService({
        app: t.app,
        port: 0,
        host: '127.0.0.1',
        signals: ['SIGUSR2'],
        exit: (code) => resolve(code),
        onShutdown: [
          { name: 'consumers', close: async () => void order.push('consumers') },
          { name: 'pool', close: async () => void order.push('pool') },
        ],
      }).then(async (running) => {
        const slow = fetch(`${running.address}/slow`).then((response) => response.json());
        await inFlight;
        process.emit('SIGUSR2', 'SIGUSR2');
        order.push('signalled');
        release();
        answer = await slow;
      });
    });
    expect(await exited).toBe(0);
    expect(order).toEqual(['signalled', 'request finished', 'consumers', 'pool']);
    await expect.poll(() => answer).toEqual({ done: true });
  });

  it('exits 1 when a shutdown hook fails, after running the rest', async () => {
    const t = await testApp(() => undefined);
    const order: string[] = [];
    let code = -1;
    const running = await runService({
      app: t.app,
      port: 0,
      host: '127.0.0.1',
      signals: [],
      exit: (value) => {
        code = value;
      },
      onShutdown: [
        {
          name: 'broken',
          close: async () => {
            throw new Error('cannot close');
          },
        },
        { name: 'pool', close: async () => void order.push('pool') },
      ],
    });
    await running.stop('test');
    expect(code).toBe(1);
    expect(order).toEqual(['pool']);
    expect(t.lines().join('\n')).toContain('shutdown hook failed');
  });
});
