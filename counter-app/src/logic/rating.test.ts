import { describe, expect, it } from 'vitest';
import type { RatingRequest } from '@motcua/shared';
import { needsReason, ratingLabel, ratingOptions, ratingReducer, THANKS_MS, toSend, type RatingState } from './rating';

const req: RatingRequest = { ticketId: 't1', number: '1001', counterId: 'c1', timeoutSec: 30, scale: 4 };
const idle: RatingState = { kind: 'idle' };

describe('rating scale', () => {
  it('offers the 4-level scale best first with the official labels', () => {
    expect(ratingOptions(4).map((o) => [o.score, o.label.vi])).toEqual([
      [4, 'Rất hài lòng'],
      [3, 'Hài lòng'],
      [2, 'Bình thường'],
      [1, 'Không hài lòng'],
    ]);
    expect(ratingOptions(5).map((o) => o.score)).toEqual([5, 4, 3, 2, 1]);
    expect(ratingLabel(5, 1)?.vi).toBe('Không hài lòng');
    expect(ratingLabel(4, 5)).toBeNull();
  });
  it('asks a reason at or below the configured score', () => {
    expect(needsReason(2, 2)).toBe(true);
    expect(needsReason(3, 2)).toBe(false);
    expect(needsReason(1, 0)).toBe(false);
  });
});

describe('rating prompt', () => {
  const asking = ratingReducer(idle, { type: 'request', req, now: 1000 });

  it('asks when the hub requests a rating, and times out after timeoutSec', () => {
    expect(asking).toEqual({ kind: 'asking', req, deadline: 31_000 });
    expect(ratingReducer(asking, { type: 'tick', now: 30_999 }).kind).toBe('asking');
    expect(ratingReducer(asking, { type: 'tick', now: 31_000 })).toEqual(idle);
  });

  it('sends a good score at once', () => {
    const s = ratingReducer(asking, { type: 'choose', score: 4, askReasonAtOrBelow: 2, now: 2000 });
    expect(toSend(s)).toEqual({ ticketId: 't1', score: 4 });
    expect(ratingReducer(s, { type: 'sent', ok: true, now: 3000 })).toEqual({ kind: 'thanks', until: 3000 + THANKS_MS });
  });

  it('asks a reason for a low score and sends score and reason', () => {
    const s = ratingReducer(asking, { type: 'choose', score: 1, askReasonAtOrBelow: 2, now: 2000 });
    expect(s.kind).toBe('reason');
    expect(toSend(s)).toBeNull();
    const sending = ratingReducer(s, { type: 'reason', reason: 'Chờ quá lâu' });
    expect(toSend(sending)).toEqual({ ticketId: 't1', score: 1, reason: 'Chờ quá lâu' });
  });

  it('stores a low score without a reason when the reason times out', () => {
    const s = ratingReducer(asking, { type: 'choose', score: 2, askReasonAtOrBelow: 2, now: 2000 });
    const later = ratingReducer(s, { type: 'tick', now: 32_000 });
    expect(toSend(later)).toEqual({ ticketId: 't1', score: 2 });
  });

  it('refuses scores outside the scale', () => {
    expect(ratingReducer(asking, { type: 'choose', score: 5, askReasonAtOrBelow: 2, now: 2000 })).toBe(asking);
    expect(ratingReducer(asking, { type: 'choose', score: 0, askReasonAtOrBelow: 2, now: 2000 })).toBe(asking);
  });

  it('keeps a failed answer for a retry instead of losing it', () => {
    const sending = ratingReducer(asking, { type: 'choose', score: 3, askReasonAtOrBelow: 2, now: 2000 });
    const failed = ratingReducer(sending, { type: 'sent', ok: false, message: 'mất kết nối', retry: true, now: 2500 });
    expect(failed.kind).toBe('failed');
    expect(toSend(ratingReducer(failed, { type: 'retry' }))).toEqual({ ticketId: 't1', score: 3 });
  });

  it('treats "already rated" as done', () => {
    const sending = ratingReducer(asking, { type: 'choose', score: 3, askReasonAtOrBelow: 2, now: 2000 });
    expect(ratingReducer(sending, { type: 'sent', ok: false, message: 'duplicate', retry: false, now: 2500 }).kind).toBe('thanks');
  });

  it('closes when the visit was rated elsewhere, but not for another ticket', () => {
    expect(ratingReducer(asking, { type: 'done', ticketId: 't1', now: 5000 }).kind).toBe('thanks');
    expect(ratingReducer(asking, { type: 'done', ticketId: 't2', now: 5000 })).toBe(asking);
  });

  it('does not interrupt an answer on its way; a new visit replaces an unanswered prompt', () => {
    const sending = ratingReducer(asking, { type: 'choose', score: 4, askReasonAtOrBelow: 2, now: 2000 });
    const next: RatingRequest = { ...req, ticketId: 't2', number: '1002' };
    expect(ratingReducer(sending, { type: 'request', req: next, now: 2100 })).toBe(sending);
    expect(ratingReducer(asking, { type: 'request', req: next, now: 2100 })).toMatchObject({ kind: 'asking', req: next });
  });

  it('returns to idle after the thank-you', () => {
    const thanks: RatingState = { kind: 'thanks', until: 10_000 };
    expect(ratingReducer(thanks, { type: 'tick', now: 9_999 })).toBe(thanks);
    expect(ratingReducer(thanks, { type: 'tick', now: 10_000 })).toEqual(idle);
  });
});
