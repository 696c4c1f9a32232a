/**
 * Loop marker type → behaviour (one file each). Nodes without a marker have none: the
 * step's fast path.
 *
 * @module
 */
import type { MultiInstanceDef } from '../../model/multiInstance';
import type { LoopMarker } from './loopMarker';
import { multiInstance } from './multiInstance';

const MARKERS: Readonly<Record<MultiInstanceDef['type'], LoopMarker>> = {
  multiInstance,
};

/** The behaviour of a node's loop marker, if it has one. */
export function loopMarkerOf(def: MultiInstanceDef | undefined): LoopMarker | undefined {
  return def ? MARKERS[def.type] : undefined;
}

export type { LoopMarker, LoopFailure } from './loopMarker';
