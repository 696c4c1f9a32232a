/**
 * The packs `handoff simulate` knows, by name.
 *
 * @module
 */
import type { BusinessCalendar } from '@handoff/engine';
import { groupOpportunityCalendar } from '@handoff/pack-group-opportunity-transfer';

/** The business calendars the bundled packs name in their BPMN files and SLA policies. */
export function packCalendars(): BusinessCalendar[] {
  return [groupOpportunityCalendar()];
}
