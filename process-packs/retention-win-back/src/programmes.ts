/**
 * The retention programmes (pack data, `data/retention-programmes.json`): the targeted
 * actions of seed 001's work orders and the international retention programmes the source
 * lists (welcome call, fault apology, promotion renewal, grace period, contract renewal,
 * win-back, …), with their numbers. A host extends the list (`createRetentionPack({
 * programmes })`); the community manager records the programme ids taken on a work order.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { InvalidArgumentError, ValidationError, toEpochMs, type Instant } from '@handoff/engine';
import { DateTime } from 'luxon';
import { z } from 'zod';

/** The default programme list. */
export const PROGRAMMES_URL = new URL('../data/retention-programmes.json', import.meta.url);

const text = (field: string) => z.string({ error: `${field} is required: text` }).trim().min(1, `${field} must not be empty`);

/** One programme: an id the work orders name, the source's Chinese text, an English line, and its numbers. */
export const programmeSchema = z.strictObject({
  id: z.string({ error: 'id is required' }).regex(/^[a-zA-Z][a-zA-Z0-9]{1,39}$/, 'id must be a camelCase word of letters and digits (2–40), e.g. winBack'),
  name: text('name'),
  origin: z.enum(['targeted', 'international', 'host'], { error: "origin must be 'targeted' (seed 001's work-order actions), 'international' (the source's table) or 'host'" }),
  target: text('target'),
  benefit: text('benefit'),
  english: text('english'),
  terms: z.record(z.string(), z.union([z.number(), z.string(), z.array(z.string())])).optional(),
});
export type Programme = z.output<typeof programmeSchema>;

/** The list; ids are unique. */
export const programmesSchema = z.strictObject({ programmes: z.array(programmeSchema).min(1, 'programmes must not be empty') }).superRefine((v, ctx) => {
  const seen = new Set<string>();
  v.programmes.forEach((p, i) => {
    if (seen.has(p.id)) ctx.addIssue({ code: 'custom', path: ['programmes', i, 'id'], message: `programme id '${p.id}' appears twice; give each programme its own id` });
    seen.add(p.id);
  });
});

/** The default programmes, read and validated from `data/retention-programmes.json`. */
export function defaultProgrammes(): Programme[] {
  return programmesSchema.parse(JSON.parse(readFileSync(PROGRAMMES_URL, 'utf8'))).programmes;
}

/**
 * The default programmes plus the host's: a host programme with a default id replaces it.
 * @throws ValidationError (`VALIDATION_FAILED`) naming the field of a malformed programme
 * (`programmes.<index>.<field>`, the index in the merged list: the defaults first); nothing is built.
 */
export function mergeProgrammes(extra: readonly Programme[] = []): Programme[] {
  if (!Array.isArray(extra)) throw new ValidationError('the programmes', [{ path: ['programmes'], code: 'invalid_type', message: 'programmes must be a list of programmes' }]);
  const byId = new Map(defaultProgrammes().map((p) => [p.id, p]));
  for (const p of extra) byId.set((p as { id?: string } | null)?.id ?? `#${byId.size}`, p);
  const r = programmesSchema.safeParse({ programmes: [...byId.values()] });
  if (!r.success) throw new ValidationError('the programmes', r.error.issues.map((i) => ({ path: i.path.map((k) => (typeof k === 'number' ? k : String(k))), code: i.code, message: i.message })));
  return r.data.programmes;
}

/**
 * The grace period before suspension (停机宽限期: 将付费期临时延长10天): the payment due date
 * moved by the programme's `graceDays` (default 10) calendar days, at the same local time in
 * `zone` (default Asia/Shanghai).
 *
 * @example
 * ```ts
 * suspensionGraceUntil('2026-03-31T23:59:59+08:00'); // Date.parse('2026-04-10T23:59:59+08:00')
 * ```
 */
export function suspensionGraceUntil(paymentDue: Instant, options: { programmes?: readonly Programme[]; zone?: string } = {}): number {
  const programme = (options.programmes ?? defaultProgrammes()).find((p) => p.id === 'suspensionGrace');
  const days = programme?.terms?.graceDays;
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 1) {
    throw new InvalidArgumentError('programmes', `expected the programme suspensionGrace with a whole number terms.graceDays ≥ 1, got ${JSON.stringify(days)}`, 'keep the default programme suspensionGrace or give terms: { graceDays: 10 }.');
  }
  const zone = options.zone ?? 'Asia/Shanghai';
  return DateTime.fromMillis(toEpochMs(paymentDue, 'paymentDue'), { zone }).plus({ days }).toMillis();
}
