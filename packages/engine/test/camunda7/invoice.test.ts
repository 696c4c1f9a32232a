/**
 * The worked example of docs/migrating-from-camunda-7.md: a Camunda 7 invoice process with
 * user tasks and a Java delegate run by a host handler. (The JUEL and DMN parts of the guide
 * are completed when the "juel" and "dmn" branches land.)
 */
import { describe, expect, it } from 'vitest';
import { actor, testEngine } from '../support';
import { dialectFixture } from './support';

describe('Feature: the Camunda 7 invoice example runs with a handler for its Java delegate', () => {
  it('Scenario: an approved invoice is archived by the handler registered under the delegate class', async () => {
    // given the file as the guide shows it, and the handler replacing ArchiveInvoiceService
    const t = testEngine();
    await t.engine.deploy({ bpmn: dialectFixture('camunda7-invoice.bpmn') });
    const archived: string[] = [];
    t.engine.jobs.register('org.camunda.bpm.example.invoice.service.ArchiveInvoiceService', async (job) => {
      archived.push(String(job.variables.invoiceNumber));
      return { archivedAt: job.now };
    });
    // when mary submits an invoice, accounting assigns demo, demo approves, accounting prepares the transfer
    const inst = await t.engine.start('invoice', { invoiceNumber: 'GPFE-23232323', amount: 900 }, { initiator: 'mary' });
    await t.completeTask(inst.id, 'assignApprover', actor('peter', 'accounting'), { approver: 'demo' });
    const [approve] = await t.openTasks(inst.id);
    expect(approve).toMatchObject({ elementId: 'approveInvoice', assignee: 'demo', formKey: 'embedded:app:forms/approve-invoice.html' });
    await t.engine.tasks.complete(approve!.id, actor('demo'), { approved: true });
    await t.completeTask(inst.id, 'prepareTransfer', actor('peter', 'accounting'));
    await t.engine.idle();
    // then
    expect(archived).toEqual(['GPFE-23232323']);
    expect(await t.engine.instances.get(inst.id)).toMatchObject({ status: 'completed', variables: { submitter: 'mary', approver: 'demo', approved: true } });
  });
});
