/**
 * `@handoff/forms`: zod 4 helpers for the forms of process packs — the start variables of a
 * case and what each user task returns. Every object is strict (an unknown field is refused:
 * a misspelt `intrested` would otherwise be dropped without a word), and every message names
 * its field and is written for the person filling the form; the engine reports each issue
 * with its path (`ValidationError.issues[].path`).
 *
 * @example
 * ```ts
 * import { form, oneOf, optionalText, text, yesNo } from '@handoff/forms';
 *
 * const visitSchema = form('the visit result', {
 *   interested: yesNo('interested', 'is the customer interested?'),
 *   channel: oneOf('channel', ['door-to-door', 'hotline'] as const),
 *   customer: text('customer', "the customer's name"),
 *   note: optionalText('note', 'a free-text remark'),
 * });
 * visitSchema.safeParse({ interested: true, channel: 'hotline', customer: 'Li Lei', intrested: true }).error?.issues[0]?.message;
 * // "unknown field 'intrested' in the visit result; check the spelling"
 * ```
 *
 * @module
 */
import { z } from 'zod';

/** What a zod 4 error function reads of an issue (the parts these helpers use). */
export type FormIssue = { code?: string; input?: unknown; keys?: readonly string[] };

/**
 * A zod `error` function: `required` when the value is absent, else `wrong` followed by the
 * value given (`"amount must be a number of yuan, not \"ten\""`).
 */
export function says(required: string, wrong: string) {
  return (iss: FormIssue) => (iss.input === undefined ? required : `${wrong}, not ${JSON.stringify(iss.input)}`);
}

/**
 * A strict object whose unknown-field message lists the field names and says where they are
 * (`unknown fields 'a', 'b' in the case; check the spelling`).
 * @param what the object as the person filling the form knows it, e.g. `'the visit result'`;
 *   nested objects say where they are too, e.g. `'contact (contact person)'`.
 * @param missing the message when the object itself is absent (default `<what> is required`);
 *   anything else that is not an object gets `<what> must be an object of fields`.
 */
export function form<S extends z.ZodRawShape>(what: string, shape: S, missing = `${what} is required`) {
  return z.strictObject(shape, {
    error: (iss: FormIssue) =>
      iss.code === 'unrecognized_keys'
        ? `unknown field${iss.keys && iss.keys.length > 1 ? 's' : ''} ${(iss.keys ?? []).map((k) => `'${k}'`).join(', ')} in ${what}; check the spelling`
        : iss.input === undefined
          ? missing
          : `${what} must be an object of fields`,
  });
}

/** Required text, trimmed, not empty: `<field> is required: <what>` when absent. */
export function text(field: string, what: string) {
  return z.string({ error: says(`${field} is required: ${what}`, `${field} must be text`) }).trim().min(1, `${field} must not be empty: ${what}`);
}

/** Optional text, trimmed; when given it must not be empty. */
export function optionalText(field: string, what: string) {
  return z.string({ error: says(`${field} must be text`, `${field} must be text`) }).trim().min(1, `${field} must not be empty when given: ${what}`).optional();
}

/** A required yes / no: `<field> is required: <question> (true or false)` when absent. */
export function yesNo(field: string, question: string) {
  return z.boolean({ error: says(`${field} is required: ${question} (true or false)`, `${field} must be true or false`) });
}

/** One of a fixed list of strings; both messages list the values (`one of 'a', 'b'`). */
export function oneOf<T extends readonly [string, ...string[]]>(field: string, values: T) {
  return z.enum(values, { error: says(`${field} is required: one of ${values.map((v) => `'${v}'`).join(', ')}`, `${field} must be one of ${values.map((v) => `'${v}'`).join(', ')}`) });
}
