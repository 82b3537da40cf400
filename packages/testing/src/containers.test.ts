import { describe, expect, it } from 'vitest';
import { dockerUnavailable, kurrentDbImage } from './containers.ts';

describe('testcontainers gate', () => {
  const none = () => false;
  it('finds no engine without DOCKER_HOST or a socket, and says how to force a try', () => {
    expect(dockerUnavailable({}, none)).toMatch(/no Docker engine.*SIKS_TESTCONTAINERS=1/);
    expect(dockerUnavailable({ SIKS_TESTCONTAINERS: '0', DOCKER_HOST: 'tcp://x:2375' }, () => true)).toBe(
      'SIKS_TESTCONTAINERS=0',
    );
  });

  it('tries containers when DOCKER_HOST is set, a socket exists, or SIKS_TESTCONTAINERS=1', () => {
    expect(dockerUnavailable({ DOCKER_HOST: 'unix:///run/user/1000/docker.sock' }, none)).toBeUndefined();
    expect(dockerUnavailable({}, (path) => path === '/var/run/docker.sock')).toBeUndefined();
    expect(
      dockerUnavailable({ XDG_RUNTIME_DIR: '/run/user/7' }, (path) => path === '/run/user/7/docker.sock'),
    ).toBeUndefined();
    expect(dockerUnavailable({ SIKS_TESTCONTAINERS: '1' }, none)).toBeUndefined();
  });

  it('takes the KurrentDB image from docker-compose.yml', () => {
    expect(kurrentDbImage()).toMatch(/kurrentdb:\d/);
    expect(kurrentDbImage('services:\n  kurrentdb:\n    profiles: [k]\n    image: example/kdb:1.2\n')).toBe(
      'example/kdb:1.2',
    );
    expect(() => kurrentDbImage('services:\n  postgres:\n    image: postgres:17\n')).toThrow(/kurrentdb/);
  });
});
