import { describe, expect, it } from 'vitest';
import { planAnnouncement } from '@motcua/shared';
import { AnnouncementQueue, type AnnouncementJob } from './queue';

const job = (key: string, number = '1001', recall = false): AnnouncementJob => ({ key, number, counterNumber: 1, recall, plan: planAnnouncement({ number, counterNumber: 1 }, { languages: ['vi'], packs: {} }) });

function deferred() {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('AnnouncementQueue', () => {
  it('plays one announcement at a time, in order', async () => {
    let t = 0;
    const playing: string[] = [];
    const finish = new Map<string, () => void>();
    const q = new AnnouncementQueue(
      (j) => {
        playing.push(j.key);
        const d = deferred();
        finish.set(j.key, d.resolve);
        return d.promise;
      },
      { now: () => t },
    );
    q.enqueue(job('a'));
    q.enqueue(job('b'));
    await flush();
    expect(playing).toEqual(['a']);
    expect(q.current()?.key).toBe('a');
    t = 3000;
    finish.get('a')?.();
    await flush();
    expect(playing).toEqual(['a', 'b']);
    finish.get('b')?.();
    await flush();
    expect(q.current()).toBeNull();
    const [a, b] = q.log();
    expect(a).toMatchObject({ status: 'done', startedAt: 0, endedAt: 3000 });
    expect(b?.startedAt).toBeGreaterThanOrEqual(a?.endedAt ?? Infinity);
  });

  it('never queues the same call twice, but announces a recall again', async () => {
    const keys: string[] = [];
    const q = new AnnouncementQueue(
      (j) => {
        keys.push(j.key);
        return Promise.resolve();
      },
      { now: () => 0 },
    );
    expect(q.enqueue(job('t1|1|c'))).toBe(true);
    expect(q.enqueue(job('t1|1|c'))).toBe(false);
    await flush();
    expect(q.enqueue(job('t1|2|r', '1001', true))).toBe(true);
    await flush();
    expect(keys).toEqual(['t1|1|c', 't1|2|r']);
  });

  it('drops announcements that waited too long, and goes on after a failure', async () => {
    let t = 0;
    const gate = deferred();
    const q = new AnnouncementQueue(
      async (j) => {
        if (j.key === 'slow') await gate.promise;
        if (j.key === 'broken') throw new Error('no audio');
      },
      { now: () => t, maxWaitMs: 10_000 },
    );
    q.enqueue(job('slow'));
    q.enqueue(job('late'));
    t = 20_000;
    q.enqueue(job('broken'));
    q.enqueue(job('fine'));
    gate.resolve();
    await flush();
    await flush();
    expect(q.log().map((r) => [r.key, r.status])).toEqual([
      ['slow', 'done'],
      ['late', 'dropped'],
      ['broken', 'failed'],
      ['fine', 'done'],
    ]);
    expect(q.log()[2]?.error).toBe('no audio');
  });

  it('drops an announcement that went stale while it waited (bug: a number announced after it was marked no-show)', async () => {
    const gate = deferred();
    const played: string[] = [];
    const noShow = new Set<string>();
    const q = new AnnouncementQueue(
      async (j) => {
        played.push(j.key);
        if (j.key === 'first') await gate.promise;
      },
      { now: () => 0, stale: (j) => (noShow.has(j.key) ? 'ticket is no_show' : null) },
    );
    q.enqueue(job('first'));
    q.enqueue(job('gone'));
    q.enqueue(job('still'));
    await flush();
    noShow.add('gone'); // marked no-show while "first" was still playing
    gate.resolve();
    await flush();
    await flush();
    expect(played).toEqual(['first', 'still']);
    expect(q.log().map((r) => [r.key, r.status, r.error])).toEqual([
      ['first', 'done', null],
      ['gone', 'dropped', 'stale: ticket is no_show'],
      ['still', 'done', null],
    ]);
  });
});
