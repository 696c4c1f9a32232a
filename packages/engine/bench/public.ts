/**
 * Run the public-path benchmark alone: `tsx --expose-gc --conditions=@handoff/source bench/public.ts`
 * (`pnpm bench` runs it after the fixture comparison).
 *
 * @module
 */
import { cpus, loadavg } from 'node:os';
import { publicPath } from './publicPath';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  console.error('global.gc is missing: run with --expose-gc.');
  process.exit(1);
}
console.log(`node ${process.version}, ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
await publicPath(gc);
