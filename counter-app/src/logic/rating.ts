/**
 * The citizen's rating after a visit, as a pure state machine the rating view drives with events
 * and a clock. Higher scores are better (4 = "Rất hài lòng" on the 4-level scale); a score at or
 * below the centre's `askReasonAtOrBelow` asks for a reason. The prompt closes after `timeoutSec`
 * (30 s by default); a low score whose reason is not picked in time is still stored, without one.
 */
import type { LocalizedText, RatingRequest } from '@motcua/shared';
import { tr } from '../i18n';

export interface RatingOption {
  score: number;
  label: LocalizedText;
  /** Colour family for the button. */
  tone: 'great' | 'good' | 'neutral' | 'poor' | 'bad';
}

const FOUR: RatingOption[] = [
  { score: 4, label: tr.both('ratingVerySatisfied'), tone: 'great' },
  { score: 3, label: tr.both('ratingSatisfied'), tone: 'good' },
  { score: 2, label: tr.both('ratingNeutral'), tone: 'neutral' },
  { score: 1, label: tr.both('ratingDissatisfied'), tone: 'bad' },
];

const FIVE: RatingOption[] = [
  { score: 5, label: tr.both('ratingVerySatisfied'), tone: 'great' },
  { score: 4, label: tr.both('ratingSatisfied'), tone: 'good' },
  { score: 3, label: tr.both('ratingNeutral'), tone: 'neutral' },
  { score: 2, label: tr.both('ratingSomewhatDissatisfied'), tone: 'poor' },
  { score: 1, label: tr.both('ratingDissatisfied'), tone: 'bad' },
];

/** Best first, as the citizen reads them. */
export function ratingOptions(scale: 4 | 5): RatingOption[] {
  return scale === 4 ? FOUR : FIVE;
}

export function ratingLabel(scale: 4 | 5, score: number): LocalizedText | null {
  return ratingOptions(scale).find((o) => o.score === score)?.label ?? null;
}

export function needsReason(score: number, askReasonAtOrBelow: number): boolean {
  return score <= askReasonAtOrBelow;
}

/** Reasons offered on a low rating (a tablet has no keyboard worth typing on). */
export const LOW_RATING_REASONS: LocalizedText[] = (['lowWaitedTooLong', 'lowGuidanceUnclear', 'lowUnfriendly', 'lowDocuments', 'lowSlow', 'lowOther'] as const).map((key) => tr.both(key));

export type RatingState =
  | { kind: 'idle' }
  | { kind: 'asking'; req: RatingRequest; deadline: number }
  | { kind: 'reason'; req: RatingRequest; score: number; deadline: number }
  | { kind: 'sending'; req: RatingRequest; score: number; reason: string | null }
  | { kind: 'thanks'; until: number }
  | { kind: 'failed'; req: RatingRequest; score: number; reason: string | null; message: string };

export type RatingEvent =
  | { type: 'request'; req: RatingRequest; now: number }
  | { type: 'choose'; score: number; askReasonAtOrBelow: number; now: number }
  | { type: 'reason'; reason: string | null }
  | { type: 'tick'; now: number }
  | { type: 'sent'; ok: true; now: number }
  | { type: 'sent'; ok: false; message: string; retry: boolean; now: number }
  | { type: 'retry' }
  | { type: 'done'; ticketId: string; now: number };

/** How long the thank-you stays up. */
export const THANKS_MS = 4000;

/** What to send to the hub when entering `sending`, or null. */
export function toSend(s: RatingState): { ticketId: string; score: number; reason?: string } | null {
  if (s.kind !== 'sending') return null;
  return s.reason ? { ticketId: s.req.ticketId, score: s.score, reason: s.reason } : { ticketId: s.req.ticketId, score: s.score };
}

export function ratingReducer(s: RatingState, e: RatingEvent): RatingState {
  switch (e.type) {
    case 'request':
      // A new visit replaces an unanswered prompt; an answer already on its way is not interrupted.
      if (s.kind === 'sending') return s;
      return { kind: 'asking', req: e.req, deadline: e.now + e.req.timeoutSec * 1000 };
    case 'choose':
      if (s.kind !== 'asking') return s;
      if (!Number.isInteger(e.score) || e.score < 1 || e.score > s.req.scale) return s;
      if (needsReason(e.score, e.askReasonAtOrBelow)) return { kind: 'reason', req: s.req, score: e.score, deadline: e.now + s.req.timeoutSec * 1000 };
      return { kind: 'sending', req: s.req, score: e.score, reason: null };
    case 'reason':
      if (s.kind !== 'reason') return s;
      return { kind: 'sending', req: s.req, score: s.score, reason: e.reason };
    case 'tick':
      if (s.kind === 'asking' && e.now >= s.deadline) return { kind: 'idle' };
      // The score was given: store it even if the reason never comes.
      if (s.kind === 'reason' && e.now >= s.deadline) return { kind: 'sending', req: s.req, score: s.score, reason: null };
      if (s.kind === 'thanks' && e.now >= s.until) return { kind: 'idle' };
      return s;
    case 'sent':
      if (s.kind !== 'sending') return s;
      if (e.ok) return { kind: 'thanks', until: e.now + THANKS_MS };
      // Already rated (e.g. on the rating pad) counts as done for the citizen.
      if (!e.retry) return { kind: 'thanks', until: e.now + THANKS_MS };
      return { kind: 'failed', req: s.req, score: s.score, reason: s.reason, message: e.message };
    case 'retry':
      if (s.kind !== 'failed') return s;
      return { kind: 'sending', req: s.req, score: s.score, reason: s.reason };
    case 'done':
      // Rated elsewhere (rating pad, another screen): close this prompt.
      if ((s.kind === 'asking' || s.kind === 'reason' || s.kind === 'failed') && s.req.ticketId === e.ticketId) return { kind: 'thanks', until: e.now + THANKS_MS };
      return s;
  }
}
