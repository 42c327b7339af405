import { describe, expect, it } from 'vitest';
import { clearPending, loadPending, PENDING_MAX_AGE_MS, savePending, type KeyValueStore, type PendingRequest } from './pending';

class MemoryStore implements KeyValueStore {
  m = new Map<string, string>();
  getItem(k: string) {
    return this.m.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.m.set(k, v);
  }
  removeItem(k: string) {
    this.m.delete(k);
  }
}

const p: PendingRequest = { kind: 'issue', startedAt: 1_000, input: { serviceId: 's-ht', channel: 'kiosk', requestId: 'k-abcdef0123' } };

describe('pending request', () => {
  it('survives a reload while fresh', () => {
    const store = new MemoryStore();
    savePending(store, p);
    expect(loadPending(store, 2_000)).toEqual(p);
    clearPending(store);
    expect(loadPending(store, 2_000)).toBeNull();
  });
  it('drops a stale or corrupt entry', () => {
    const store = new MemoryStore();
    savePending(store, p);
    expect(loadPending(store, 1_000 + PENDING_MAX_AGE_MS)).toBeNull();
    expect(store.m.size).toBe(0);
    store.setItem('motcua.kiosk.pending', '{not json');
    expect(loadPending(store, 2_000)).toBeNull();
    store.setItem('motcua.kiosk.pending', JSON.stringify({ kind: 'issue', startedAt: 1_500, input: {} }));
    expect(loadPending(store, 2_000)).toBeNull();
  });
  it('a broken storage never throws', () => {
    const broken: KeyValueStore = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('full');
      },
      removeItem: () => {
        throw new Error('denied');
      },
    };
    expect(() => savePending(broken, p)).not.toThrow();
    expect(loadPending(broken, 0)).toBeNull();
    expect(() => clearPending(broken)).not.toThrow();
  });
});
