/**
 * fast-check parameters for every property suite. The seed comes from `HANDOFF_SEED`
 * (else it is random) and is printed, so any failure can be replayed with one environment
 * variable; `HANDOFF_RUNS` sets the number of runs (default per suite, small enough to
 * keep CI under a minute).
 *
 *     HANDOFF_SEED=123456 HANDOFF_RUNS=1000 npx vitest run packages/engine/test/sla
 */
import fc from 'fast-check';

const envSeed = process.env.HANDOFF_SEED;
const seed = envSeed !== undefined && envSeed !== '' ? Number(envSeed) : (Date.now() ^ (Math.random() * 0x1_0000_0000)) | 0;
if (!Number.isSafeInteger(seed)) throw new Error(`HANDOFF_SEED must be an integer, got '${envSeed}'.`);

/** `fc.assert` parameters for a suite: the seed, the number of runs, a failure report that says how to replay. */
export function fcParams(suite: string, path: string, defaultRuns: number): fc.Parameters<unknown> {
  const numRuns = Number(process.env.HANDOFF_RUNS ?? defaultRuns);
  if (!(Number.isInteger(numRuns) && numRuns > 0)) throw new Error(`HANDOFF_RUNS must be a positive integer, got '${process.env.HANDOFF_RUNS}'.`);
  console.info(`[${suite}] seed ${seed}, ${numRuns} runs (replay: HANDOFF_SEED=${seed})`);
  return {
    seed,
    numRuns,
    reporter(details) {
      if (!details.failed) return;
      throw new Error(`${fc.defaultReportMessage(details)}\n\nReplay with: HANDOFF_SEED=${seed} HANDOFF_RUNS=${numRuns} npx vitest run ${path}`);
    },
  };
}
