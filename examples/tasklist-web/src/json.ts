/**
 * Reading a request's JSON body within bounds: a size limit (checked on `Content-Length`
 * and while reading) and a nesting-depth limit checked by one scan over the text, without
 * recursion, before `JSON.parse` — so a body of 100,000 nested brackets is a 400, never a
 * stack overflow in whatever walks the value later (zod, the engine's copy, `JSON.stringify`).
 *
 * @module
 */
import type { IncomingMessage } from 'node:http';
import { BadRequestError, PayloadTooLargeError } from './errors';

/** Limits of {@link readJson}. */
export interface JsonLimits {
  /** Largest body in bytes. Default 64 KiB: the packs' forms are a few hundred bytes. */
  maxBodyBytes: number;
  /** Deepest nesting of objects and arrays (the top-level object is depth 1). Default 32. */
  maxDepth: number;
  /** The hint of a 413 (what such a body should be). Default: forms are a few hundred bytes. */
  tooLargeHint?: string;
}

/** The defaults of {@link JsonLimits}. */
export const DEFAULT_JSON_LIMITS: JsonLimits = { maxBodyBytes: 64 * 1024, maxDepth: 32 };

/** The request's JSON body as an object (`{}` when empty). */
export async function readJson(req: IncomingMessage, limits: JsonLimits = DEFAULT_JSON_LIMITS): Promise<Record<string, unknown>> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limits.maxBodyBytes) throw new PayloadTooLargeError(limits.maxBodyBytes, limits.tooLargeHint);
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limits.maxBodyBytes) throw new PayloadTooLargeError(limits.maxBodyBytes, limits.tooLargeHint);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (!text) return {};
  const depth = jsonDepth(text);
  if (depth > limits.maxDepth) throw new BadRequestError(`The request body nests objects or arrays ${depth} levels deep; at most ${limits.maxDepth} are accepted.`, 'send the form as a flat JSON object (forms nest two or three levels).');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BadRequestError('The request body is not valid JSON.', 'send a JSON object with content-type application/json.');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new BadRequestError('The request body must be a JSON object.', 'send the fields as one JSON object, e.g. {"interested": true}.');
  return value as Record<string, unknown>;
}

/**
 * The deepest nesting of `{`/`[` in a JSON text, brackets inside strings not counted. One
 * pass, constant stack; malformed text gets some number and `JSON.parse` refuses it after.
 */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > max) max = depth;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) depth--;
  }
  return max;
}
