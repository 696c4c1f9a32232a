/** fast-check parameters of the calendar properties (see ../fc.ts: HANDOFF_SEED, HANDOFF_RUNS). */
import { fcParams as params } from '../fc';

export const fcParams = params('calendar properties', 'packages/engine/test/calendar', 200);
