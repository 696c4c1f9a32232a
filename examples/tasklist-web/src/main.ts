/**
 * `pnpm --filter @handoff/example-tasklist-web start [-- --demo] [--port N] [--data DIR]`
 *
 * Environment: `PORT`, `HANDOFF_MODE` (`production` | `demo` | `test`), `HANDOFF_DATA_DIR`,
 * `HANDOFF_CLOCK_START` (ISO instant, demo/test mode).
 *
 * @module
 */
import { parseArgs } from 'node:util';
import { startTasklist, type Mode } from './app';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'), // `pnpm start -- --port 8080` passes the '--' on
  options: {
    demo: { type: 'boolean', default: false },
    port: { type: 'string' },
    data: { type: 'string' },
    host: { type: 'string' },
  },
});
const mode = (values.demo ? 'demo' : (process.env.HANDOFF_MODE ?? 'production')) as Mode;
if (!['production', 'demo', 'test'].includes(mode)) throw new Error(`HANDOFF_MODE must be production, demo or test, not '${mode}'`);
const dataDir = values.data ?? process.env.HANDOFF_DATA_DIR;
const app = await startTasklist({
  mode,
  port: Number(values.port ?? process.env.PORT ?? 3000),
  ...(values.host ? { host: values.host } : {}),
  ...(dataDir ? { dataDir } : {}),
  ...(process.env.HANDOFF_CLOCK_START ? { clockStart: process.env.HANDOFF_CLOCK_START } : {}),
});
console.log(`Handoff tasklist on ${app.url} (${mode} mode, ${app.store.kind} store${mode === 'production' ? ', system clock' : ', virtual clock: POST /api/clock/advance'})`);
const stop = async () => {
  await app.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
