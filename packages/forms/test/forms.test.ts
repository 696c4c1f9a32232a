/** The helpers' messages, as tables of input → issues (path and message). */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { form, oneOf, optionalText, says, text, yesNo } from '../src/index';

const issues = (schema: z.ZodType, input: unknown) => schema.safeParse(input).error?.issues.map((i) => [i.path.join('.'), i.message]) ?? [];

describe('Feature: field helpers name the field and say what to write', () => {
  const cases: [string, z.ZodType, unknown, [string, string][]][] = [
    ['text, absent', text('customer', "the customer's name"), undefined, [['', "customer is required: the customer's name"]]],
    ['text, not text', text('customer', "the customer's name"), 42, [['', 'customer must be text, not 42']]],
    ['text, blank', text('customer', "the customer's name"), '  ', [['', "customer must not be empty: the customer's name"]]],
    ['text, given', text('customer', "the customer's name"), ' Li ', []],
    ['optionalText, absent', optionalText('note', 'a remark'), undefined, []],
    ['optionalText, not text', optionalText('note', 'a remark'), false, [['', 'note must be text, not false']]],
    ['optionalText, blank', optionalText('note', 'a remark'), '', [['', 'note must not be empty when given: a remark']]],
    ['yesNo, absent', yesNo('resolved', 'was it resolved?'), undefined, [['', 'resolved is required: was it resolved? (true or false)']]],
    ['yesNo, not a boolean', yesNo('resolved', 'was it resolved?'), 'yes', [['', 'resolved must be true or false, not "yes"']]],
    ['oneOf, absent', oneOf('kind', ['lead', 'opportunity'] as const), undefined, [['', "kind is required: one of 'lead', 'opportunity'"]]],
    ['oneOf, another value', oneOf('kind', ['lead', 'opportunity'] as const), 'deal', [['', "kind must be one of 'lead', 'opportunity', not \"deal\""]]],
    ['says on a number', z.number({ error: says('amount is required', 'amount must be a number') }), null, [['', 'amount must be a number, not null']]],
  ];
  it.each(cases)('Scenario: %s', (_, schema, input, expected) => {
    expect(issues(schema, input)).toEqual(expected);
  });
  it('Scenario: text is trimmed', () => {
    expect(text('customer', 'a name').parse('  Li Lei ')).toBe('Li Lei');
  });
});

describe('Feature: a form is a strict object that says where it is', () => {
  const contact = form('contact (contact person)', { name: text('contact.name', 'a name') });
  const outer = form('the case', { contact, note: optionalText('note', 'a remark') });
  const cases: [string, z.ZodType, unknown, [string, string][]][] = [
    ['one unknown field', outer, { contact: { name: 'Li' }, nte: 'x' }, [['', "unknown field 'nte' in the case; check the spelling"]]],
    ['two unknown fields, nested', outer, { contact: { name: 'Li', tel: 1, mail: 2 } }, [['contact', "unknown fields 'tel', 'mail' in contact (contact person); check the spelling"]]],
    ['a nested form absent', outer, {}, [['contact', 'contact (contact person) is required']]],
    ['a nested form not an object', outer, { contact: 'Li' }, [['contact', 'contact (contact person) must be an object of fields']]],
    ['the form absent', outer, undefined, [['', 'the case is required']]],
    ['the form absent, with its own message', form('the case', {}, 'the case must be an object of fields'), undefined, [['', 'the case must be an object of fields']]],
    ['a field inside', outer, { contact: {} }, [['contact.name', 'contact.name is required: a name']]],
  ];
  it.each(cases)('Scenario: %s', (_, schema, input, expected) => {
    expect(issues(schema, input)).toEqual(expected);
  });
});
