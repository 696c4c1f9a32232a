/**
 * The worked example of docs/migrating-from-camunda-7.md: a Camunda 7 invoice process as its
 * users write it — JUEL conditions and candidate groups, a DMN table picking the approver
 * groups (`camunda:decisionRef`, `collectEntries`), a due date from a variable, and the Java
 * delegate `ArchiveInvoiceService` run by a host handler registered under its class name.
 */
import { describe, expect, it } from 'vitest';
import { actor, testEngine } from '../support';
import { dialectFixture } from './support';

async function invoiceEngine() {
  const t = testEngine();
  await t.engine.deploy({ bpmn: dialectFixture('camunda7-invoice.bpmn'), dmn: dialectFixture('camunda7-invoice-assign-approver.dmn') });
  const archived: string[] = [];
  t.engine.jobs.register('org.camunda.bpm.example.invoice.service.ArchiveInvoiceService', async (job) => {
    archived.push(String(job.variables.invoiceNumber));
    return { archivedAt: job.now };
  });
  return { t, archived };
}

const DUE = '2026-03-09T17:00:00+08:00';

describe('Feature: the Camunda 7 invoice example runs unchanged', () => {
  it('Scenario: a small invoice goes to accounting, is approved, transferred and archived by the handler', async () => {
    // given the BPMN and DMN files as the guide shows them, and the handler replacing ArchiveInvoiceService
    const { t, archived } = await invoiceEngine();
    // when mary submits a 900 invoice
    const inst = await t.engine.start('invoice', { invoiceNumber: 'GPFE-23232323', amount: 900, invoiceCategory: 'Misc', transferDue: DUE }, { initiator: 'mary' });
    // then the decision table picked accounting (one matched rule), and the approval is for that group
    const [evaluated] = await t.engine.history(inst.id, { types: ['decision.evaluated'] });
    expect(evaluated).toMatchObject({ decisionId: 'invoice-assign-approver', matchedRules: [expect.objectContaining({ id: 'small' })] });
    const [approve] = await t.openTasks(inst.id);
    expect(approve).toMatchObject({ elementId: 'approveInvoice', candidateGroups: ['accounting'], formKey: 'embedded:app:forms/approve-invoice.html' });
    // when accounting approves (the JUEL condition ${approved}) and prepares the transfer
    await t.engine.tasks.complete(approve!.id, actor('peter', 'accounting'), { approved: true });
    const [transfer] = await t.openTasks(inst.id);
    expect(transfer).toMatchObject({ elementId: 'prepareTransfer', dueAt: Date.parse(DUE) });
    await t.completeTask(inst.id, 'prepareTransfer', actor('peter', 'accounting'));
    await t.engine.idle();
    // then the handler archived it and the case completed
    expect(archived).toEqual(['GPFE-23232323']);
    expect(await t.engine.instances.get(inst.id)).toMatchObject({ status: 'completed', activeElements: [], variables: { submitter: 'mary', approverGroups: ['accounting'], approved: true } });
  });

  it('Scenario: a large licence invoice needs management and IT, and a rejection (${!approved}) ends it unarchived', async () => {
    // given
    const { t, archived } = await invoiceEngine();
    // when a 5,000 software licence invoice comes in
    const inst = await t.engine.start('invoice', { invoiceNumber: 'SW-1', amount: 5000, invoiceCategory: 'Software License Costs', transferDue: DUE }, { initiator: 'mary' });
    const [approve] = await t.openTasks(inst.id);
    // then both matching rules' groups may approve; accounting may not
    expect(approve!.candidateGroups).toEqual(['management', 'it']);
    await expect(t.engine.tasks.complete(approve!.id, actor('peter', 'accounting'), { approved: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // when management rejects it
    await t.engine.tasks.complete(approve!.id, actor('mona', 'management'), { approved: false });
    await t.engine.idle();
    // then it ends at "not approved", nothing archived
    expect(archived).toEqual([]);
    expect((await t.engine.history(inst.id, { types: ['activity.entered'] })).map((h) => (h as { elementId: string }).elementId)).toContain('notApproved');
    expect((await t.engine.instances.get(inst.id))?.status).toBe('completed');
  });

  it('Scenario: an invoice category outside the table\'s input values is an incident on the decision, fixed by a retry', async () => {
    // given
    const { t } = await invoiceEngine();
    // when the category is not one of the table's input values
    const inst = await t.engine.start('invoice', { invoiceNumber: 'X-1', amount: 100, invoiceCategory: 'Lunch', transferDue: DUE }, { initiator: 'mary' });
    // then the business rule task holds an incident naming the input
    const [incident] = await t.engine.incidents.list(inst.id);
    expect(incident).toMatchObject({ elementId: 'assignApproverGroup', message: expect.stringContaining('Lunch') });
    // when the data is fixed and the incident retried
    await t.engine.incidents.retry(incident!.id, { variables: { invoiceCategory: 'Misc' } });
    // then the approval is open for accounting
    expect((await t.openTasks(inst.id)).map((x) => x.candidateGroups)).toEqual([['accounting']]);
  });
});
