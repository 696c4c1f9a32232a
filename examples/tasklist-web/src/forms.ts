/**
 * Forms from the packs' zod schemas: zod 4's `z.toJSONSchema` (the *input* side, so
 * defaults and transforms show what a person types) gives JSON Schema, which the page turns
 * into inputs. The schema stays the single source: the engine validates the same zod
 * schema when the form is sent, and its field-level issues come back as 422.
 *
 * @module
 */
import type { SchemaLike } from '@handoff/engine';
import { z } from 'zod';

/** A JSON Schema object (draft 2020-12), as zod writes it. */
export type JsonSchema = Record<string, unknown>;

/** JSON Schema of a zod schema's input; fields the host fills in itself can be left out. */
export function formSchema(schema: SchemaLike | z.ZodType, omit: readonly string[] = []): JsonSchema {
  if (!(schema instanceof z.ZodType)) throw new TypeError('formSchema needs a zod 4 schema (the packs register zod schemas).');
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  delete json.$schema;
  if (omit.length && json.properties && typeof json.properties === 'object') {
    for (const k of omit) delete (json.properties as Record<string, unknown>)[k];
    if (Array.isArray(json.required)) json.required = json.required.filter((r) => !omit.includes(r as string));
  }
  return json;
}
