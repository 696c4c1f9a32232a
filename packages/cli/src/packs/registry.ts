/**
 * The packs `handoff simulate` and `handoff report` know, by name.
 *
 * @module
 */
import type { BusinessCalendar } from '@handoff/engine';
import { UnknownPackError } from '../errors';
import { broadbandEntry } from './broadband';
import { groupOpportunityEntry } from './groupOpportunity';
import { hallWalkRoutesEntry } from './hallWalkRoutes';
import { retentionWinBackEntry } from './retentionWinBack';
import { hotlineMarketingEntry } from './hotlineMarketing';
import type { RegisteredPack } from './types';

/** Every registered pack, in demo order. */
export const PACKS: readonly RegisteredPack[] = [
  broadbandEntry,
  groupOpportunityEntry,
  hallWalkRoutesEntry,
  retentionWinBackEntry,
  hotlineMarketingEntry,
];

/**
 * The pack named `name`.
 * @throws UnknownPackError naming the known packs.
 */
export function findPack(name: string): RegisteredPack {
  const pack = PACKS.find((p) => p.name === name);
  if (!pack) throw new UnknownPackError(name, PACKS.map((p) => p.name));
  return pack;
}

/** The business calendars the bundled packs name in their BPMN files and SLA policies (one per name). */
export function packCalendars(): BusinessCalendar[] {
  const byName = new Map<string, BusinessCalendar>();
  for (const p of PACKS) for (const c of p.calendars()) byName.set(c.name, c);
  return [...byName.values()];
}
