import { describe } from 'vitest';
import { memoryStore, type MemoryStore } from '../../src/index';
import { taskQueryProperty } from './taskQueryProperty';

describe('Feature: the memory store answers task queries from its indexes', () => {
  taskQueryProperty('memory store', 'packages/engine/test/store/taskQuery.property.test.ts', () => memoryStore(), 300);
  // A store restored from a snapshot rebuilds the same indexes and order.
  taskQueryProperty('memory store restored from a snapshot', 'packages/engine/test/store/taskQuery.property.test.ts', () => memoryStore(), 100, (s) => memoryStore({ snapshot: (s as MemoryStore).snapshot() }));
});
