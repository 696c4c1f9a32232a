/**
 * Elements that do nothing but pass the token on: none start events, plain and manual
 * tasks, boundary events once triggered, none intermediate throw events.
 *
 * @module
 */
import type { Behaviour } from './behaviour';

export const passThrough: Behaviour = {
  execute(step, e) {
    step.leave(e);
  },
};
