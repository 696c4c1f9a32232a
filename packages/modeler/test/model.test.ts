import { readFileSync } from 'node:fs';
import { BpmnModdle } from 'bpmn-moddle';
import { describe, expect, it } from 'vitest';
import handoffJson from '@handoff/engine/moddle/handoff.json' with { type: 'json' };
import { moddleDescriptor } from '../src/descriptor';
import { calendarNames, checkValue, handoffTarget, slasOf, type BusinessObject } from '../src/provider/model';

const PACK = new URL('../../../process-packs/group-opportunity-transfer/bpmn/group-opportunity-transfer.bpmn', import.meta.url);

async function load() {
  const { rootElement, elementsById } = (await new BpmnModdle({ handoff: moddleDescriptor }).fromXML(readFileSync(PACK, 'utf8'))) as { rootElement: BusinessObject; elementsById: Record<string, BusinessObject> };
  return { definitions: rootElement, byId: elementsById };
}

describe('Feature: what the Handoff group edits, checked by the engine', () => {
  it('Scenario: the descriptor is the engine’s own, not a copy', () => {
    expect(moddleDescriptor).toBe(handoffJson);
  });

  it('Scenario: the group applies to SLA boundaries, the user task they guard, timers and the process', async () => {
    const { byId } = await load();
    expect(handoffTarget(byId.claimAccountManagerOverdue!)?.kind).toBe('slaTimer');
    const task = handoffTarget(byId.claimByAccountManager!);
    expect(task?.kind === 'slaTimer' && task.boundary.id).toBe('claimAccountManagerOverdue');
    expect(handoffTarget(byId.groupOpportunityTransfer!)?.kind).toBe('process');
    const gateway = Object.values(byId).find((b) => b.$type === 'bpmn:ExclusiveGateway')!;
    expect(handoffTarget(gateway)).toBeUndefined();
    expect(slasOf(byId.groupOpportunityTransfer!).join('; ')).toMatch(/claimAccountManager \(P\w+ on claimByAccountManager\)/);
  });

  it('Scenario: values are judged by the engine’s compile, and the tree is left as it was', async () => {
    const { byId } = await load();
    const boundary = byId.claimAccountManagerOverdue!;
    const timer = (boundary.get('eventDefinitions') as BusinessObject[])[0]!;
    const duration = timer.get('timeDuration') as BusinessObject;
    const calendars = ['group-opportunity-workdays'];
    const body = duration.get('body') as string;
    expect(checkValue(boundary, 'slaWarning', '80%', [boundary.id!], calendars)).toBeNull();
    expect(checkValue(boundary, 'slaWarning', '120%', [boundary.id!], calendars)).toMatch(/not a fraction between 0 and 1/);
    expect(checkValue(duration, 'body', 'P2D', [boundary.id!], calendars)).toBeNull(); // working days on the calendar
    expect(checkValue(duration, 'body', 'P1W', [boundary.id!], calendars)).toMatch(/weeks, months or years|fixed duration/);
    expect(checkValue(timer, 'calendar', 'mars-office', [boundary.id!], calendars)).toMatch(/mars-office/);
    expect(checkValue(boundary, 'slaEscalateTo', 'operationsCenter', [boundary.id!], calendars)).toBeNull();
    expect(checkValue(boundary, 'slaEscalateTo', 'operations center', [boundary.id!], calendars)).toMatch(/is not a role name\. Write one role without spaces/);
    expect(boundary.get('slaEscalateTo')).toBeUndefined();
    expect(boundary.get('slaWarning')).toBeUndefined();
    expect(duration.get('body')).toBe(body);
    expect(timer.get('calendar')).toBe('group-opportunity-workdays');
  });

  it('Scenario: calendars come as names or as calendar JSON objects', () => {
    expect(calendarNames(['a', { name: 'b' }, { zone: 'x' }, 'a'])).toEqual(['a', 'b']);
    expect(calendarNames(undefined)).toEqual([]);
  });
});
