/**
 * `pnpm --filter @handoff/example-tasklist-web start [-- --demo] [--port N] [--data DIR]`
 *
 * `[--origin https://tasks.example.com,…]`
 *
 * Environment: `PORT`, `HANDOFF_MODE` (`production` | `demo` | `test`), `HANDOFF_DATA_DIR`,
 * `HANDOFF_CLOCK_START` (ISO instant, demo/test mode), `HANDOFF_ORIGIN` (comma-separated
 * origins the page is served under; default the listening address), `HANDOFF_SESSION_IDLE`
 * and `HANDOFF_SESSION_MAX` (ISO 8601 durations; default `PT1H` and `PT12H`).
 *
 * @module
 */
import { parseArgs } from 'node:util';
import { addDuration, InvalidArgumentError, parseDuration } from '@handoff/engine';
import { startTasklist, type Mode } from './app';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'), // `pnpm start -- --port 8080` passes the '--' on
  options: {
    demo: { type: 'boolean', default: false },
    port: { type: 'string' },
    data: { type: 'string' },
    host: { type: 'string' },
    origin: { type: 'string' },
  },
});

/** An ISO 8601 duration (`PT30M`, `PT12H`; a day is 24 h) in ms, from an environment variable. */
function envDuration(name: string): number | undefined {
  const text = process.env[name];
  if (!text) return undefined;
  const ms = addDuration(0, parseDuration(text)); // from the epoch in UTC: P1D = 24 h
  if (ms <= 0) throw new InvalidArgumentError(name, `'${text}' is not a positive duration.`, `set ${name} to a duration such as PT30M or PT12H.`);
  return ms;
}
const origins = (values.origin ?? process.env.HANDOFF_ORIGIN)?.split(',').map((o) => o.trim()).filter(Boolean);
const idleTimeoutMs = envDuration('HANDOFF_SESSION_IDLE');
const absoluteTimeoutMs = envDuration('HANDOFF_SESSION_MAX');
const mode = (values.demo ? 'demo' : (process.env.HANDOFF_MODE ?? 'production')) as Mode;
if (!['production', 'demo', 'test'].includes(mode)) throw new Error(`HANDOFF_MODE must be production, demo or test, not '${mode}'`);
const dataDir = values.data ?? process.env.HANDOFF_DATA_DIR;
const app = await startTasklist({
  mode,
  port: Number(values.port ?? process.env.PORT ?? 3000),
  ...(values.host ? { host: values.host } : {}),
  ...(dataDir ? { dataDir } : {}),
  ...(process.env.HANDOFF_CLOCK_START ? { clockStart: process.env.HANDOFF_CLOCK_START } : {}),
  ...(origins?.length ? { origins } : {}),
  sessions: { ...(idleTimeoutMs ? { idleTimeoutMs } : {}), ...(absoluteTimeoutMs ? { absoluteTimeoutMs } : {}) },
});
console.log(`Handoff tasklist on ${app.url} (${mode} mode, ${app.store.kind} store${mode === 'production' ? ', system clock' : ', virtual clock: POST /api/clock/advance'}; answers for ${app.origins.join(', ')})`);
const stop = async () => {
  await app.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
