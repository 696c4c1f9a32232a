/**
 * The crash tests' parent side: start the child (crashChild.ts) on one store, SIGKILL it at
 * seeded random moments — some while it opens the database (recovery), most while it works —
 * restart it on the same data each time, then let it finish and check the store
 * (crashWorkload.ts `verifyWorkload`). The seed is printed; `HANDOFF_SEED` replays it (the
 * kill moments; the machine's speed still varies what each incarnation gets done).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Queryable } from '../src/index';
import type { CrashChildArgs } from './crashChild';
import { planCases, rng as seededRandom, verifyWorkload, type WorkloadReport } from './crashWorkload';

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
/** The crash tests' child script. */
export const CRASH_CHILD = fileURLToPath(new URL('./crashChild.ts', import.meta.url));

/** The run's seed: `HANDOFF_SEED`, else random. */
export function crashSeed(): number {
  const env = process.env.HANDOFF_SEED;
  const seed = env !== undefined && env !== '' ? Number(env) : (Date.now() ^ (Math.random() * 0x1_0000_0000)) >>> 0;
  if (!Number.isSafeInteger(seed)) throw new Error(`HANDOFF_SEED must be an integer, got '${env}'.`);
  return seed;
}

/** A running child and what it said. */
export interface Child {
  proc: ChildProcess;
  started: number;
  completed: number;
  ready: boolean;
  /** When it said `ready` (Date.now()). */
  readyAt?: number;
  done: boolean;
  stderr: string;
  /** Resolves when the process has exited. */
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Children still running (killed on cleanup). */
const live = new Set<ChildProcess>();

/** SIGKILL every child this module started that is still running. */
export function killAllChildren(): void {
  for (const p of live) p.kill('SIGKILL');
  live.clear();
}

/** Bundles made by {@link bundleChild}, removed by {@link removeBundles}. */
const bundles = new Set<string>();

/**
 * Bundle a child script (and the workspace sources it imports) into one ESM file with tsup,
 * so that each restart loads one file instead of transforming hundreds with tsx: a restart
 * then takes about half as long, and the kill rounds dominate the test's time. The bundle is
 * written under the package's node_modules/.cache (bare imports such as PGlite and pg
 * resolve from there, left external), beside a copy of test/fixtures (read relative to the
 * module). Falls back to running the .ts file with tsx if tsup is not installed.
 */
export async function bundleChild(script: string): Promise<string> {
  let build: typeof import('tsup').build;
  try {
    ({ build } = await import('tsup'));
  } catch {
    return script;
  }
  const cache = join(PACKAGE_DIR, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const outDir = mkdtempSync(join(cache, 'handoff-test-child-'));
  bundles.add(outDir);
  const name = basename(script).replace(/\.ts$/, '');
  await build({
    entry: { [name]: script },
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    outDir,
    noExternal: [/^@handoff\//],
    external: ['@electric-sql/pglite', 'pg'],
    esbuildOptions(o) {
      o.conditions = ['@handoff/source'];
    },
    splitting: false,
    sourcemap: false,
    dts: false,
    silent: true,
    config: false,
  });
  cpSync(join(PACKAGE_DIR, 'test', 'fixtures'), join(outDir, 'fixtures'), { recursive: true });
  return join(outDir, `${name}.js`);
}

/** Remove the bundles {@link bundleChild} wrote. */
export function removeBundles(): void {
  for (const dir of bundles) rmSync(dir, { recursive: true, force: true });
  bundles.clear();
}

/**
 * Start a child process running `script` with one JSON argument: a bundle from
 * {@link bundleChild} with plain node, a .ts file with tsx. Stdout lines go to `onLine`.
 */
export function spawnTs(script: string, arg: unknown, onLine: (line: string) => void, ipc = false): { proc: ChildProcess; stderr: () => string; exit: Child['exit'] } {
  const runner = script.endsWith('.ts') ? ['--import', 'tsx', '--conditions=@handoff/source'] : [];
  const proc = spawn(process.execPath, [...runner, script, JSON.stringify(arg)], {
    cwd: PACKAGE_DIR,
    stdio: ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  });
  live.add(proc);
  let out = '';
  let err = '';
  proc.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    const lines = out.split('\n');
    out = lines.pop()!;
    for (const l of lines) onLine(l);
  });
  proc.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
    if (err.length > 20_000) err = err.slice(-20_000);
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.on('exit', (code, signal) => {
      live.delete(proc);
      resolve({ code, signal });
    }),
  );
  return { proc, stderr: () => err, exit };
}

function startChild(script: string, args: CrashChildArgs): Child {
  const child = {} as Child;
  Object.assign(child, { started: 0, completed: 0, ready: false, done: false });
  const s = spawnTs(script, args, (line) => {
    const [word, a, b] = line.split(' ');
    if (word === 'ready') {
      child.ready = true;
      child.readyAt = Date.now();
    }
    else if (word === 'done') child.done = true;
    else if (word === 'progress') {
      child.started = Number(a);
      child.completed = Number(b);
    }
  });
  child.proc = s.proc;
  child.exit = s.exit;
  Object.defineProperty(child, 'stderr', { get: s.stderr });
  return child;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Poll until `check()` holds or the child exits; false on exit or timeout. */
async function waitFor(child: Child, check: () => boolean, ms: number): Promise<boolean> {
  let exited = false;
  void child.exit.then(() => (exited = true));
  const end = Date.now() + ms;
  while (!check()) {
    if (exited || Date.now() > end) return false;
    await sleep(10);
  }
  return true;
}

/** One kill: when, in which phase, and how far the workload was. */
export interface KillRecord {
  phase: 'startup' | 'work';
  afterMs: number;
  started: number;
  completed: number;
}

/** Options of {@link crashRun}. */
export interface CrashRunOptions {
  /** For messages: `pglite`, `postgres`. */
  name: string;
  store: CrashChildArgs['store'];
  seed: number;
  cases: number;
  startEveryMs: number;
  /** SIGKILLs while work remains (at least this many). */
  kills: number;
  /** Share of kills aimed at the child's start (opening / recovering the database). */
  startupShare: number;
  /** Longest a child may take to open the database and say `ready`. */
  readyTimeoutMs: number;
  /** The child to run: crashChild.ts, or its bundle ({@link bundleChild}). Default: the .ts file. */
  child?: string;
  /** Open the store for the checks (after the last child exited). */
  open: () => Promise<{ db: Queryable; close(): Promise<void> }>;
}

/** What a run did and found. */
export interface CrashRunResult {
  kills: KillRecord[];
  report: WorkloadReport;
  /** When no child was working: from a kill to the next child's `ready`. */
  down: [number, number][];
  /** Per phase: kill rounds, the final run, the checks. */
  ms: { kills: number; finish: number; verify: number };
  /** A child that exited by itself with an error (not a kill): its exit and stderr. */
  failure?: string;
}

/** Run the crash scenario; see the module comment. */
export async function crashRun(o: CrashRunOptions): Promise<CrashRunResult> {
  const rng = seededRandom(o.seed);
  const script = o.child ?? CRASH_CHILD;
  // Round r may start the first (r + 1) / (kills + 1) of the cases: every incarnation has
  // new work whatever the machine's speed, and the workload cannot end before the last kill.
  const args = (round: number): CrashChildArgs => ({
    store: o.store,
    seed: o.seed,
    cases: o.cases,
    startEveryMs: o.startEveryMs,
    startLimit: Math.ceil((o.cases * (round + 1)) / (o.kills + 1)),
  });
  const kills: KillRecord[] = [];
  const down: [number, number][] = [];
  /** Since when no child has been working (the last kill), until one says `ready`. */
  let downSince: number | undefined;
  const resumed = (child: Child) => {
    if (child.readyAt === undefined) return;
    if (downSince !== undefined) down.push([downSince, child.readyAt]);
    downSince = undefined;
  };
  const t0 = Date.now();
  const fail = async (child: Child, what: string) => {
    const { code, signal } = await child.exit;
    return `${what}: the ${o.name} child exited with code ${code} signal ${signal}\n${child.stderr}`;
  };
  while (kills.length < o.kills) {
    const phase = rng.chance(o.startupShare) ? 'startup' : 'work';
    const delay = phase === 'startup' ? rng.uniform(50, 2_500) : rng.uniform(50, 1_500);
    const child = startChild(script, args(kills.length));
    if (phase === 'work' && !(await waitFor(child, () => child.ready, o.readyTimeoutMs))) {
      child.proc.kill('SIGKILL');
      return { kills, down, report: { problems: [], stats: {} }, ms: { kills: Date.now() - t0, finish: 0, verify: 0 }, failure: await fail(child, `kill round ${kills.length + 1}: not ready within ${o.readyTimeoutMs} ms`) };
    }
    const exitedEarly = !(await waitFor(child, () => child.done, delay)) && (child.proc.exitCode !== null || child.proc.signalCode !== null);
    if (child.done || exitedEarly) {
      // It finished (or failed) before the kill: the workload was too small for this many kills, or a bug.
      const { code } = await child.exit;
      const why = child.done && code === 0 ? `the workload finished after ${kills.length} kills; give it more cases` : 'the child exited by itself';
      return { kills, down, report: { problems: [], stats: {} }, ms: { kills: Date.now() - t0, finish: 0, verify: 0 }, failure: await fail(child, why) };
    }
    kills.push({ phase, afterMs: Math.round(delay), started: child.started, completed: child.completed });
    resumed(child);
    child.proc.kill('SIGKILL');
    downSince ??= Date.now();
    const { signal } = await child.exit;
    if (signal !== 'SIGKILL') return { kills, down, report: { problems: [], stats: {} }, ms: { kills: Date.now() - t0, finish: 0, verify: 0 }, failure: await fail(child, 'before the kill') };
  }
  const t1 = Date.now();
  // The last start: let it finish the workload.
  const last = startChild(script, args(o.kills));
  const { code } = await last.exit;
  if (code !== 0 || !last.done) return { kills, down, report: { problems: [], stats: {} }, ms: { kills: t1 - t0, finish: Date.now() - t1, verify: 0 }, failure: await fail(last, 'the final run') };
  resumed(last);
  const t2 = Date.now();
  const { db, close } = await o.open();
  try {
    const report = await verifyWorkload(db, planCases(o.seed, o.cases), down);
    return { kills, down, report, ms: { kills: t1 - t0, finish: t2 - t1, verify: Date.now() - t2 } };
  } finally {
    await close();
  }
}

/** A one-paragraph summary for the test output. */
export function describeRun(name: string, seed: number, r: CrashRunResult): string {
  const phases = r.kills.reduce((m, k) => ({ ...m, [k.phase]: (m[k.phase] ?? 0) + 1 }), {} as Record<string, number>);
  return [
    `[crash ${name}] seed ${seed}: ${r.kills.length} SIGKILLs (${Object.entries(phases).map(([p, n]) => `${n} in ${p}`).join(', ')}),`,
    `progress at the kills: ${r.kills.map((k) => `${k.completed}/${k.started}`).join(' ')};`,
    `kill rounds ${(r.ms.kills / 1000).toFixed(1)} s, final run ${(r.ms.finish / 1000).toFixed(1)} s, checks ${(r.ms.verify / 1000).toFixed(1)} s;`,
    `stats ${JSON.stringify(r.report.stats)}`,
    ...(r.failure ? [`\nFAILURE: ${r.failure}`] : []),
  ].join(' ');
}
