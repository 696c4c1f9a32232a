/**
 * Compatibility: the simulator moved to `@handoff/simulator` and `storeContract` to
 * `@handoff/testing/contract` (docs/decisions/0010-simulator-package-and-contract-subpath.md);
 * `@handoff/testing` keeps exporting the simulator's names, as the very same functions.
 */
import * as simulator from '@handoff/simulator';
import * as simulatorRandom from '@handoff/simulator/random';
import { describe, expect, it } from 'vitest';
import * as contract from '../src/contract';
import * as kit from '../src/index';
import * as kitRandom from '../src/random';

describe('Feature: @handoff/testing keeps its public names', () => {
  it('Scenario: simulate and seededRandom (also /random) are the simulator package’s functions', () => {
    expect(kit.simulate).toBe(simulator.simulate);
    expect(kit.seededRandom).toBe(simulator.seededRandom);
    expect(kitRandom.seededRandom).toBe(simulatorRandom.seededRandom);
  });

  it('Scenario: storeContract is exported by the contract entry point, not by the root one', () => {
    expect(typeof contract.storeContract).toBe('function');
    expect('storeContract' in kit).toBe(false);
  });
});
