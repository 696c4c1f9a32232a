/**
 * The crash tests' child process: opens the store (a PGlite data directory or a PostgreSQL
 * server), deploys the workload and drives it on the system clock until every case has
 * completed, then closes cleanly and exits 0. The parent SIGKILLs it at random moments and
 * starts it again on the same data; each start resumes from what the store holds.
 *
 *     node --import tsx --conditions=@handoff/source test/crashChild.ts \
 *       '{"store":{"dataDir":"/tmp/x"},"seed":1,"cases":40}'
 *
 * Stdout lines for the parent: `ready` (resumed: the store is open, the engine runs and the
 * host has read back what was done), `progress <started> <completed>`, `done`.
 */
import { createEngine } from '@handoff/engine';
import { postgresStore } from '../src/index';
import { CALLS_BPMN } from './crashCalls';
import { bookHandler, CRASH_BPMN, driveWorkload, planCases } from './crashWorkload';

/** The child's argument (JSON). */
export interface CrashChildArgs {
  store: { dataDir: string } | { url: string };
  seed: number;
  cases: number;
  startEveryMs: number;
  /** Start only cases below this index in this run (see `DriveOptions.startLimit`). */
  startLimit: number;
}

const args = JSON.parse(process.argv[2] ?? '') as CrashChildArgs;
const say = (line: string) => process.stdout.write(`${line}\n`);

const store = postgresStore({ ...args.store, nodeId: `crash-child-${process.pid}` });
await store.ready;
// Short leases: timers and jobs held by a killed predecessor are taken over within ~1.5 s.
const engine = createEngine({ store, handlers: { book: bookHandler }, timerLease: 1_500, jobLease: 1_500 });
engine.on('engine.error', (e) => {
  process.stderr.write(`engine.error (${e.context}): ${e.error instanceof Error ? e.error.stack : String(e.error)}\n`);
  process.exit(3);
});
await engine.deploy({ bpmn: CRASH_BPMN });
await engine.deploy({ bpmn: CALLS_BPMN });
let last = '';
await driveWorkload(engine, store, planCases(args.seed, args.cases), {
  startEveryMs: args.startEveryMs,
  startLimit: args.startLimit,
  onResumed: () => say('ready'),
  pollMs: 40,
  onProgress: (started, completed) => {
    const line = `progress ${started} ${completed}`;
    if (line !== last) say((last = line));
  },
});
await engine.close();
await store.close();
say('done');
