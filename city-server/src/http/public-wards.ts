/**
 * Every ward's live wait for citizens (issue 18 item 6): waiting per field with the wait a citizen
 * joining now can expect (the hub's own prediction for the last one who joined, less the time they
 * have waited), and the tickets the ward usually issues on this weekday.
 */
import { addDays, type LocalizedText } from '@motcua/shared';
import type { BookingService } from '../booking/bookings';
import type { LiveQueries } from '../live';

export interface PublicWard {
  hubId: string;
  name: LocalizedText;
  address: string;
  bookable: boolean;
  waiting: number;
  forecastToday: number | null;
  /** estimatedWaitMin is null when nobody waits (shown as "no wait", never "0 min"). */
  fields: { code: string; name: LocalizedText; waiting: number; estimatedWaitMin: number | null }[];
  updatedAt: number | null;
}

type Row = Record<string, unknown>;

export async function publicWards(deps: { bookings: BookingService; live: LiveQueries }, now: number): Promise<PublicWard[]> {
  const { live, bookings } = deps;
  const [summaries, setups] = await Promise.all([live.wards(), bookings.wards()]);
  const today = live.today();
  const sameWeekdays = Array.from({ length: 8 }, (_, k) => addDays(today, -7 * (k + 1)));
  const pool = bookings.db;
  const [fields, forecast] = await Promise.all([
    pool.query<Row>(
      `SELECT hub_id, field_code, count(*) AS waiting, max(queued_at) AS last_queued_at, (array_agg(predicted_wait_min ORDER BY queued_at DESC))[1] AS last_pred
       FROM city_tickets WHERE day = $1 AND state = 'waiting' GROUP BY hub_id, field_code`,
      [today],
    ),
    pool.query<Row>(
      `SELECT hub_id, round(sum(issued)::numeric / NULLIF(count(DISTINCT day), 0)) AS per_day FROM city_daily WHERE day = ANY($1) GROUP BY hub_id`,
      [sameWeekdays],
    ),
  ]);
  const byHub = new Map<string, Row[]>();
  for (const r of fields.rows) byHub.set(r.hub_id as string, [...(byHub.get(r.hub_id as string) ?? []), r]);
  const perDay = new Map(forecast.rows.map((r) => [r.hub_id as string, r.per_day === null ? null : Number(r.per_day)]));
  const setupOf = new Map(setups.map((w) => [w.hubId, w]));
  return summaries
    .map((w): PublicWard => {
      const setup = setupOf.get(w.hubId);
      const names = new Map((setup?.services ?? []).map((s) => [s.fieldCode, s.fieldName]));
      const fieldRows = (byHub.get(w.hubId) ?? []).map((r) => {
        const waiting = Number(r.waiting);
        const pred = r.last_pred === null ? null : Number(r.last_pred);
        const last = r.last_queued_at === null ? null : Number(r.last_queued_at);
        // At least one minute while someone waits: a wait is never shown as 0 minutes.
        const est = pred === null || last === null ? null : Math.max(1, Math.round(pred - (now - last) / 60_000));
        const code = r.field_code as string;
        return { code, name: names.get(code) ?? { vi: code, en: code }, waiting, estimatedWaitMin: waiting > 0 ? est : null };
      });
      // Fields of the catalogue nobody waits for, so the page lists what the ward serves.
      for (const [code, name] of names) if (!fieldRows.some((f) => f.code === code)) fieldRows.push({ code, name, waiting: 0, estimatedWaitMin: null });
      fieldRows.sort((a, b) => a.code.localeCompare(b.code));
      return {
        hubId: w.hubId,
        name: w.name,
        address: w.address,
        bookable: setup?.setup != null,
        waiting: w.waiting,
        forecastToday: perDay.get(w.hubId) ?? null,
        fields: fieldRows,
        updatedAt: w.lastSeenAt,
      };
    })
    .sort((a, b) => a.name.vi.localeCompare(b.name.vi, 'vi'));
}
