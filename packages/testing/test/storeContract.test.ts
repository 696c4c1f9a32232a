import { memoryStore } from '@handoff/engine';
import { storeContract } from '../src/contract';

storeContract('memory', () => memoryStore());

// A store restored from a snapshot must behave the same.
storeContract('memory (from snapshot)', () => memoryStore({ snapshot: memoryStore().snapshot() }));
