/**
 * The designer runs the engine's compile in the page (the Handoff group's inline checks), and
 * the engine validates with zod 4, which probes `new Function` once to decide whether it may
 * compile fast paths. The page's Content-Security-Policy has no `unsafe-eval`, so the probe is
 * refused and reported as a violation. `jitless` tells zod not to probe. Imported first by
 * designer.ts, so it runs before any module that builds a schema.
 *
 * @module
 */
import { config } from 'zod';

config({ jitless: true });
