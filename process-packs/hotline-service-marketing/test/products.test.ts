import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, ValidationError } from '@handoff/engine';
import { createHotlineMarketingPack, productCounts, productListSchema, sampleProducts, type ProductInput } from '../src/index';

describe('Feature: the sample product list has the source\'s counts (binding)', () => {
  it('Scenario: 214 items — 173 products, 31 tariffs, 10 campaigns; 50 by the human hotline (32 products, 18 tariffs); 78 by SMS; 91 by no channel', () => {
    // when
    const c = productCounts(sampleProducts());
    // then
    expect(c.total).toBe(214);
    expect(c.byKind).toEqual({ product: 173, tariff: 31, campaign: 10 });
    expect(c.byChannel.hotline.total).toBe(50);
    expect(c.byChannel.hotline.byKind).toEqual({ product: 32, tariff: 18, campaign: 0 });
    expect(c.byChannel.sms.total).toBe(78);
    expect(c.noChannel).toBe(91);
    // the source's other figure, 57.01% carried, is 122/214; its counts give 123/214
    expect(c.carriedShare).toBeCloseTo(123 / 214, 10);
  });

  it('Scenario: the list is deterministic, valid, and every item suits service marketing; the initiated types only go to items a channel completes', () => {
    const a = sampleProducts();
    expect(sampleProducts()).toEqual(a);
    expect(productListSchema.safeParse(a).success).toBe(true);
    expect(new Set(a.map((p) => p.id)).size).toBe(214);
    expect(a.every((p) => p.marketingTypes.includes('service'))).toBe(true);
    const carried = (p: (typeof a)[number]) => Object.values(p.channels).some(Boolean);
    for (const t of ['crossSell', 'precision', 'active'] as const) {
      const tagged = a.filter((p) => p.marketingTypes.includes(t));
      expect(tagged.length, t).toBeGreaterThan(5);
      expect(tagged.every(carried), t).toBe(true);
    }
    expect(a.filter((p) => p.marketingTypes.includes('crossSell')).every((p) => p.solves.length > 0)).toBe(true);
  });
});

describe('Feature: a host\'s own product list is checked', () => {
  const item = (over: Partial<ProductInput> = {}): ProductInput => ({ id: 'X1', name: '测试业务', kind: 'product', profile: 'simple', channels: { hotline: false, ivr: false, sms: true, app: false, web: false }, marketingTypes: ['service'], ...over });

  it('Scenario: duplicate ids, initiated types on an item no channel completes, cross-selling without a problem, an unknown field — all named', () => {
    const err = (() => {
      try {
        createHotlineMarketingPack({ products: [item(), item({ marketingTypes: ['service', 'crossSell'] }), item({ id: 'X2', channels: { hotline: false, ivr: false, sms: false, app: false, web: false }, marketingTypes: ['precision'] }), { ...item({ id: 'X3' }), price: 5 } as ProductInput] });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      "3: unknown field 'price' in a product; the fields are id, name, kind, profile, channels, marketingTypes, solves",
      '1.id: id X1 is used twice (items 0 and 1); give every item its own id',
      '1.solves: X1 is tagged crossSell but solves no problem; list the problems it solves (e.g. ["流量超支"])',
      '2.marketingTypes: X2 is tagged precision but no channel can complete it; an agent may only recommend what a channel completes — give it a channel or drop the tags',
    ]);
  });

  it('Scenario: a key product that is not tagged active, and bad durations, are refused', () => {
    expect(() => createHotlineMarketingPack({ keyProduct: 'P999' })).toThrow(InvalidArgumentError);
    expect(() => createHotlineMarketingPack({ keyProduct: sampleProducts().find((p) => !p.marketingTypes.includes('active'))!.id })).toThrow(/not tagged active/);
    expect(() => createHotlineMarketingPack({ hallWindow: 'P3D' })).toThrow(/hallWindow/);
    expect(() => createHotlineMarketingPack({ requirementLimit: '5 days' })).toThrow(/requirementLimit/);
    expect(createHotlineMarketingPack({ keyProduct: null }).schemas.start.hotlineServiceMarketing).toBeDefined();
  });

  it('Scenario: a host list of two items deploys and routes by it', async () => {
    const pack = createHotlineMarketingPack({ products: [item({ id: 'K1', marketingTypes: ['service', 'active'] }), item({ id: 'K2', channels: { hotline: true, ivr: false, sms: false, app: false, web: false } })] });
    expect(pack.products.map((p) => p.id)).toEqual(['K1', 'K2']);
    const start = pack.schemas.start.hotlineServiceMarketing!.parse({ callId: 'C', customer: { msisdn: '13800000000' }, request: { kind: 'query' } });
    expect(start.candidates).toEqual({ crossSell: null, precision: null, active: 'K1' });
  });
});
