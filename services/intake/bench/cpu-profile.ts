/**
 * Summarises a V8 CPU profile (`node --cpu-prof`): self time per function (and per package),
 * optionally only for the samples of a time window. For finding where a benchmark's time goes.
 *
 *   tsx services/intake/bench/cpu-profile.ts <file.cpuprofile> [--from=<s>] [--to=<s>] [--top=<n>]
 *
 * `--from`/`--to` are seconds since the profile started (e.g. only the intake phase of a run).
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const args = process.argv.slice(2);
const file = args.find((arg) => !arg.startsWith('--'));
if (!file) throw new Error('usage: cpu-profile.ts <file.cpuprofile> [--from=s] [--to=s] [--top=n]');
const option = (name: string): number | undefined => {
  const value = args.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1];
  return value === undefined ? undefined : Number(value);
};
const from = (option('from') ?? 0) * 1e6;
const to = (option('to') ?? Infinity) * 1e6;
const top = option('top') ?? 30;

const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const self = new Map<number, number>();
let elapsed = 0;
let total = 0;
profile.samples.forEach((id, index) => {
  const delta = profile.timeDeltas[index] ?? 0;
  elapsed += delta;
  if (elapsed < from || elapsed > to) return;
  self.set(id, (self.get(id) ?? 0) + delta);
  total += delta;
});

const where = (url: string): string => {
  if (url === '') return '(native)';
  const pkg = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1] ?? url;
  const own = /\/(packages|services)\/([^/]+)\//.exec(url);
  if (own) return `${own[1]}/${own[2]}`;
  return url.startsWith('node:') ? url : url;
};

const byFunction = new Map<string, number>();
const byPlace = new Map<string, number>();
for (const [id, time] of self) {
  const node = nodes.get(id);
  if (!node) continue;
  const { functionName, url, lineNumber } = node.callFrame;
  const place = where(url);
  const name = `${functionName || '(anonymous)'} ${place}${url ? `:${lineNumber + 1}` : ''}`;
  byFunction.set(name, (byFunction.get(name) ?? 0) + time);
  byPlace.set(place, (byPlace.get(place) ?? 0) + time);
}
const print = (title: string, entries: Map<string, number>): void => {
  console.log(`\n${title}`);
  for (const [name, time] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(
      `${((100 * time) / total).toFixed(1).padStart(5)}%  ${(time / 1000).toFixed(0).padStart(7)} ms  ${name}`,
    );
  }
};
console.log(`window ${(total / 1e6).toFixed(1)} s of samples`);
print('self time by function', byFunction);
print('self time by package', byPlace);

// `--callers=<name>`: the stacks (up to 8 frames) that spend self time in functions named so.
const callersOf = args.find((arg) => arg.startsWith('--callers='))?.split('=')[1];
if (callersOf) {
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const stacks = new Map<string, number>();
  for (const [id, time] of self) {
    const node = nodes.get(id);
    if (node?.callFrame.functionName !== (callersOf === '(anonymous)' ? '' : callersOf)) continue;
    const frames: string[] = [];
    for (let at = parent.get(id); at !== undefined && frames.length < 8; at = parent.get(at)) {
      const frame = nodes.get(at)?.callFrame;
      if (frame) frames.push(`${frame.functionName || '(anonymous)'} ${where(frame.url)}:${frame.lineNumber + 1}`);
    }
    const key = frames.join(' < ');
    stacks.set(key, (stacks.get(key) ?? 0) + time);
  }
  print(`callers of ${callersOf}`, stacks);
}

// `--under=<regex>`: the self time of the code whose URL matches (e.g.
// `opentelemetry|fastify.otel|async_hooks`: what tracing costs), with the Node internals and
// natives it calls (a sample counts when its nearest frame outside node:/native code matches).
// Not callees in general: @fastify/otel runs the rest of the request inside its context.with.
const under = args.find((arg) => arg.startsWith('--under='))?.slice('--under='.length);
if (under) {
  const pattern = new RegExp(under);
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const owner = (id: number): string => {
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const url = nodes.get(at)?.callFrame.url ?? '';
      if (pattern.test(url)) return url;
      if (url !== '' && !url.startsWith('node:')) return url;
    }
    return '';
  };
  let time = 0;
  let busy = 0;
  const byOwner = new Map<string, number>();
  for (const [id, spent] of self) {
    const name = nodes.get(id)?.callFrame.functionName;
    if (name === '(idle)' || name === '(program)' || name === '(garbage collector)') continue;
    busy += spent;
    const url = owner(id);
    if (!pattern.test(url)) continue;
    time += spent;
    byOwner.set(where(url), (byOwner.get(where(url)) ?? 0) + spent);
  }
  print(`under /${under}/ by package`, byOwner);
  console.log(
    `\nunder /${under}/: ${(time / 1000).toFixed(0)} ms of ${(busy / 1000).toFixed(0)} ms busy in JS and natives (${((100 * time) / busy).toFixed(1)} %)`,
  );
}
