/**
 * The demo directory: every person can sign in as themselves (ids are unique — a second
 * person with a taken id could never sign in), and every lane of every deployed pack has
 * someone who holds its role, so every task can be worked from the tasklist.
 */
import { describe, expect, it } from 'vitest';
import { catalog } from '../src/catalog';
import { findPerson, PEOPLE } from '../src/directory';

/** Lanes served through candidate groups instead of the lane role (the lane role is a supervisor's). */
const BY_GROUP: Record<string, string> = { communityManager: 'community:SQ01' };

describe('Feature: the people of the demo directory', () => {
  it('Scenario: ids are unique, and each id signs in as its own person', () => {
    const ids = PEOPLE.map((p) => p.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    for (const p of PEOPLE) expect(findPerson(p.id)).toBe(p);
  });

  it.each(catalog().packs.map((p) => [p.name, p] as const))('Scenario: every lane and every action of %s has a person who holds its role', (_name, pack) => {
    const signable = PEOPLE.map((p) => findPerson(p.id)!);
    const holds = (role: string) => signable.some((p) => p.roles.includes(role) || (role.endsWith('*') && p.roles.some((r) => r.startsWith(role.slice(0, -1)))));
    for (const lane of Object.values(pack.deploy.roles ?? {}) as string[]) expect(holds(BY_GROUP[lane] ?? lane), `${pack.name} lane ${lane}`).toBe(true);
    for (const action of pack.actions) expect(action.roles.some(holds), `${pack.name} action ${action.id}`).toBe(true);
  });
});
