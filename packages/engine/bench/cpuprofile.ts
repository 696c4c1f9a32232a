/**
 * Summarise a V8 `.cpuprofile`: self time and total (inclusive) time per function, as
 * `file:function:line`. Of the profiles in the folder given, the one with the most busy
 * samples is read (tsx's loader thread writes its own, mostly idle, profile).
 *
 * tsx compiles each `.ts` file to one line, so profile positions of `src/` files are
 * mapped back to TypeScript lines through the source maps: run this script with
 * `node --enable-source-maps --import tsx` (the `bench:profile` script does); without
 * source maps, lines show as `?`.
 *
 * Usage: `node --enable-source-maps --import tsx --conditions=@handoff/source bench/cpuprofile.ts DIR [TOP=30]`
 *
 * @module
 */
import { readdirSync, readFileSync } from 'node:fs';
import { findSourceMap } from 'node:module';
import { join } from 'node:path';
import { num, table } from './stats';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const dir = process.argv[2];
if (!dir) throw new Error('usage: tsx bench/cpuprofile.ts DIR [TOP]');
const top = Number(process.argv[3] ?? 30);
const IDLE = new Set(['(idle)', '(program)']);
function busyMicros(p: CpuProfile): number {
  const idle = new Set(p.nodes.filter((n) => IDLE.has(n.callFrame.functionName)).map((n) => n.id));
  let us = 0;
  for (let i = 0; i < p.samples.length; i++) if (!idle.has(p.samples[i]!)) us += p.timeDeltas[i + 1] ?? 0;
  return us;
}
const candidates = readdirSync(dir)
  .filter((f) => f.endsWith('.cpuprofile'))
  .map((f) => ({ file: join(dir, f), profile: JSON.parse(readFileSync(join(dir, f), 'utf8')) as CpuProfile }))
  .sort((a, b) => busyMicros(b.profile) - busyMicros(a.profile));
if (!candidates[0]) throw new Error(`no .cpuprofile in ${dir}`);
const { file: newest, profile } = candidates[0];

// Load every profiled engine module (not the bench scripts, which would run) so that
// Node registers its source map.
const tsUrls = new Set(profile.nodes.map((n) => n.callFrame.url).filter((u) => u.startsWith('file://') && u.endsWith('.ts') && u.includes('/src/')));
for (const url of tsUrls) await import(url).catch(() => undefined);
function originalLine(url: string, line: number, column: number): string {
  if (!url.endsWith('.ts')) return String(line + 1);
  const entry = findSourceMap(url)?.findEntry(line, column) as { originalLine?: number } | undefined;
  return entry?.originalLine !== undefined ? String(entry.originalLine + 1) : '?';
}

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

function keyOf(n: ProfileNode): string {
  const { functionName, url, lineNumber, columnNumber } = n.callFrame;
  const file = url.replace(/^file:\/\//, '').replace(/^.*\/packages\/engine\//, '').replace(/^.*\/node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?/, '');
  return `${file || '(native)'}:${functionName || '(anonymous)'}${url ? `:${originalLine(url, lineNumber, columnNumber)}` : ''}`;
}

// Sample i lasts timeDeltas[i + 1] µs (the time until the next sample).
const self = new Map<string, number>();
const total = new Map<string, number>();
let all = 0;
let idle = 0;
for (let i = 0; i < profile.samples.length; i++) {
  const us = profile.timeDeltas[i + 1] ?? 0;
  const leaf = byId.get(profile.samples[i]!)!;
  all += us;
  const leafKey = keyOf(leaf);
  if (IDLE.has(leaf.callFrame.functionName)) idle += us;
  self.set(leafKey, (self.get(leafKey) ?? 0) + us);
  const seen = new Set<string>();
  for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) {
    const k = keyOf(byId.get(id)!);
    if (seen.has(k)) continue;
    seen.add(k);
    total.set(k, (total.get(k) ?? 0) + us);
  }
}

const pct = (us: number) => `${num((100 * us) / all, 1)}%`;
const rows = (m: Map<string, number>, filter: (k: string) => boolean) =>
  [...m]
    .filter(([k]) => filter(k))
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, us]) => [k, num(us / 1000), pct(us)]);

console.log(`${newest}: ${num(all / 1000)} ms sampled (idle/program ${pct(idle)})`);
console.log(`\nSelf time, top ${top}`);
console.log(table(['function', 'ms', '%'], rows(self, () => true)));
console.log(`\nTotal (inclusive) time of Handoff's own functions (src/), top ${top}`);
console.log(table(['function', 'ms', '%'], rows(total, (k) => k.startsWith('src/'))));
console.log(`\nTotal (inclusive) time of dependencies and node internals, top ${top}`);
console.log(table(['function', 'ms', '%'], rows(total, (k) => !k.startsWith('src/') && !k.startsWith('bench/') && !k.startsWith('(root)') && !k.includes('(program)'))));
