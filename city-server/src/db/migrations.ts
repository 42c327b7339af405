/**
 * Append-only, numbered migrations of the city database. Never edit one that has shipped: add
 * the next. Versions 5–9 are reserved for the city → hub channel, 10–14 for bookings, 15–19 for
 * city users and the live view, 20–29 for partitions and summaries (parallel work; gaps are fine,
 * the array stays sorted by version). Several city-server instances may start at once: an advisory lock serialises them.
 */
import type { Pool } from 'pg';
import { runMigrationsAsync, type Migration } from '@motcua/shared';
import { withClient } from './client';

export type { Migration };

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'hubs, keys, events, projections, reports',
    sql: `
-- A ward's hub. high_water: every event with seq <= high_water is stored (and projected).
CREATE TABLE city_hubs (
  hub_id TEXT PRIMARY KEY,
  name_vi TEXT NOT NULL,
  name_en TEXT NOT NULL,
  address TEXT NOT NULL DEFAULT '',
  district TEXT,
  lat DOUBLE PRECISION,
  lon DOUBLE PRECISION,
  active BOOLEAN NOT NULL DEFAULT TRUE,
  high_water BIGINT NOT NULL DEFAULT 0,
  hub_last_seq BIGINT NOT NULL DEFAULT 0,
  events_total BIGINT NOT NULL DEFAULT 0,
  last_event_at BIGINT,
  last_seen_at TIMESTAMPTZ,
  catalog JSONB,
  field_codes TEXT[] NOT NULL DEFAULT '{}',
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Per-hub signing keys. Several may be valid at once (rotation); a revoked key signs nothing.
CREATE TABLE city_hub_keys (
  hub_id TEXT NOT NULL REFERENCES city_hubs(hub_id) ON DELETE CASCADE,
  key_id TEXT NOT NULL,
  secret TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  revoked_at TIMESTAMPTZ,
  PRIMARY KEY (hub_id, key_id)
);

-- Nonces of accepted requests, kept for twice the timestamp window, against replays.
CREATE TABLE city_sync_nonces (
  hub_id TEXT NOT NULL,
  nonce TEXT NOT NULL,
  at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (hub_id, nonce)
);
CREATE INDEX city_sync_nonces_at ON city_sync_nonces (at);

-- The hubs' events as received: the idempotency key is (hub_id, seq).
CREATE TABLE city_events (
  hub_id TEXT NOT NULL,
  seq BIGINT NOT NULL,
  at BIGINT NOT NULL,
  day TEXT NOT NULL,
  type TEXT NOT NULL,
  actor TEXT,
  ticket_id TEXT,
  payload JSONB NOT NULL,
  received_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (hub_id, seq)
);

-- Field (lĩnh vực) names by code, as the hubs' catalogues give them.
CREATE TABLE city_fields (
  code TEXT PRIMARY KEY,
  name_vi TEXT NOT NULL,
  name_en TEXT NOT NULL
);

-- Projection: one row per ticket (current state, wait, rating).
CREATE TABLE city_tickets (
  hub_id TEXT NOT NULL,
  ticket_id TEXT NOT NULL,
  day TEXT NOT NULL,
  field_code TEXT NOT NULL,
  service_id TEXT,
  state TEXT NOT NULL,
  queued_at BIGINT,
  predicted_wait_min REAL,
  first_called_at BIGINT,
  wait_ms BIGINT,
  finished_at BIGINT,
  rating SMALLINT,
  PRIMARY KEY (hub_id, ticket_id)
);
CREATE INDEX city_tickets_live ON city_tickets (hub_id, field_code) WHERE state IN ('waiting', 'called', 'serving', 'held');
CREATE INDEX city_tickets_day ON city_tickets (day, hub_id);

-- Projection: totals per ward (hub), business day and field.
CREATE TABLE city_daily (
  hub_id TEXT NOT NULL,
  day TEXT NOT NULL,
  field_code TEXT NOT NULL,
  issued INTEGER NOT NULL DEFAULT 0,
  called INTEGER NOT NULL DEFAULT 0,
  served INTEGER NOT NULL DEFAULT 0,
  no_show INTEGER NOT NULL DEFAULT 0,
  cancelled INTEGER NOT NULL DEFAULT 0,
  wait_n INTEGER NOT NULL DEFAULT 0,
  wait_sum_ms BIGINT NOT NULL DEFAULT 0,
  wait_over_n INTEGER NOT NULL DEFAULT 0,
  rating_n INTEGER NOT NULL DEFAULT 0,
  rating_sum INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (hub_id, day, field_code)
);
CREATE INDEX city_daily_day ON city_daily (day);

-- Projection: counters' current status per hub.
CREATE TABLE city_counters (
  hub_id TEXT NOT NULL,
  counter_id TEXT NOT NULL,
  status TEXT NOT NULL,
  at BIGINT NOT NULL,
  PRIMARY KEY (hub_id, counter_id)
);

-- Generated weekly reports, kept in the database so any instance can serve them.
CREATE TABLE city_reports (
  id BIGSERIAL PRIMARY KEY,
  period_from TEXT NOT NULL,
  period_to TEXT NOT NULL,
  scheduled_for TIMESTAMPTZ UNIQUE,
  generated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  csv TEXT NOT NULL,
  xlsx BYTEA NOT NULL
);

-- @socket.io/postgres-adapter: payloads too large for NOTIFY.
CREATE TABLE socket_io_attachments (
  id BIGSERIAL UNIQUE,
  created_at TIMESTAMPTZ DEFAULT now(),
  payload BYTEA
);
`,
  },
  {
    version: 2,
    name: 'events payload as json (stored as received; 2× faster ingest than jsonb)',
    sql: `
-- The events table is the archive; queries read the projections. json keeps the text as sent
-- and skips jsonb's conversion, which was the largest cost of ingest (see bench/sync-bench.ts).
ALTER TABLE city_events ALTER COLUMN payload TYPE JSON USING payload::json;
`,
  },
  {
    version: 3,
    name: 'events retention: a BRIN index on the event time',
    sql: `
-- The retention purge (retention.ts) deletes events older than eventRetentionDays by their time.
-- Events arrive roughly in time order, so a BRIN index finds them at almost no cost to ingest.
CREATE INDEX city_events_at_brin ON city_events USING brin (at);
`,
  },
  {
    version: 4,
    name: 'city → hub channel: a per-hub outbox of signed-pull messages',
    sql: `
-- Messages the city keeps for a hub (bookings, cancellations, team assignments): the hub pulls
-- those after its cursor. seq is per hub, 1, 2, 3, … without holes (outbox_seq on city_hubs is
-- the last one assigned; the row lock serialises enqueues per hub). outbox_acked: the cursor the
-- hub last pulled from, so every message at or below it has been applied there.
ALTER TABLE city_hubs ADD COLUMN outbox_seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE city_hubs ADD COLUMN outbox_acked BIGINT NOT NULL DEFAULT 0;
CREATE TABLE city_outbox (
  hub_id TEXT NOT NULL REFERENCES city_hubs(hub_id) ON DELETE CASCADE,
  seq BIGINT NOT NULL,
  kind TEXT NOT NULL,
  message JSONB NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (hub_id, seq)
);
`,
  },
  {
    version: 5,
    name: 'mobile support teams (issue 19 item 2): the roster and the assignments sent to wards',
    sql: `
-- The city's mobile support team (đội hỗ trợ lưu động): who, an optional phone (stays at the
-- city), the field codes (lĩnh vực) each can serve. An inactive member keeps its row (assignments
-- name it) but is recommended and sent no more.
CREATE TABLE city_team_members (
  member_id BIGSERIAL PRIMARY KEY,
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
  phone TEXT,
  field_codes TEXT[] NOT NULL DEFAULT '{}',
  active BOOLEAN NOT NULL DEFAULT TRUE,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- An assignment sent to a ward (a team.assigned message in the same transaction, its outbox seq in
-- assigned_seq; a withdrawal's in withdrawn_seq). status follows the hub's answers synced up:
-- sent (in the outbox) → delivered (city.message_applied: waiting for the ward's manager) →
-- accepted | declined (team.decided); skipped (the hub could not apply it); withdrawing (the city
-- withdrew it) → withdrawn (team.decided withdrawn, or nothing left to undo at the hub).
-- late_without / late_with: the recommender's modelled late shares of the ward when it was sent.
CREATE TABLE city_team_assignments (
  assignment_id TEXT PRIMARY KEY,
  member_id BIGINT NOT NULL REFERENCES city_team_members(member_id),
  hub_id TEXT NOT NULL REFERENCES city_hubs(hub_id) ON DELETE CASCADE,
  field_codes TEXT[] NOT NULL,
  day TEXT NOT NULL,
  from_hhmm TEXT NOT NULL,
  to_hhmm TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'sent' CHECK (status IN ('sent', 'delivered', 'skipped', 'accepted', 'declined', 'withdrawing', 'withdrawn')),
  detail TEXT,
  assigned_seq BIGINT NOT NULL,
  withdrawn_seq BIGINT,
  late_without DOUBLE PRECISION,
  late_with DOUBLE PRECISION,
  created_by TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX city_team_assignments_day ON city_team_assignments (day, hub_id);
CREATE INDEX city_team_assignments_member ON city_team_assignments (member_id, day);
CREATE UNIQUE INDEX city_team_assignments_seq ON city_team_assignments (hub_id, assigned_seq);
`,
  },
  {
    version: 10,
    name: 'home bookings (issue 18): bookings, their phone hashes, the pepper',
    sql: `
-- Bookings made on the city's booking site. Personal data (Decree 13/2023): the citizen's name
-- (the hub needs it to greet them) and, when given, a keyed hash of the phone number (only to
-- limit open bookings per phone; the number itself is never stored). Both are erased
-- (purged_at) once the slot's day is over; the code, ward, service, slot and status stay for the
-- reports. status: booked (sent to the hub), accepted, refused, cancelled, honoured, no_show.
CREATE TABLE city_bookings (
  code TEXT PRIMARY KEY,
  hub_id TEXT NOT NULL REFERENCES city_hubs(hub_id) ON DELETE CASCADE,
  service_id TEXT NOT NULL,
  field_code TEXT,
  procedure_code TEXT,
  day TEXT NOT NULL,
  slot_start BIGINT NOT NULL,
  slot_minutes INTEGER NOT NULL,
  name TEXT,
  phone_hash TEXT,
  status TEXT NOT NULL DEFAULT 'booked',
  reason TEXT,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  purged_at TIMESTAMPTZ
);
CREATE INDEX city_bookings_slot ON city_bookings (hub_id, service_id, slot_start) WHERE status IN ('booked', 'accepted');
CREATE INDEX city_bookings_phone ON city_bookings (phone_hash) WHERE phone_hash IS NOT NULL AND status IN ('booked', 'accepted');
CREATE INDEX city_bookings_day ON city_bookings (day);
-- The key of the phone hash (HMAC-SHA256), one per city, made at install.
CREATE TABLE city_booking_pepper (id INTEGER PRIMARY KEY CHECK (id = 1), pepper TEXT NOT NULL);
INSERT INTO city_booking_pepper (id, pepper) VALUES (1, replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''));
`,
  },
  {
    version: 15,
    name: 'city staff: users with roles, server-side sessions, sign-in limits, audit',
    sql: `
-- Staff of the city's dashboard. role: admin (manages users, hubs, reports) or viewer (sees
-- everything, changes nothing). A disabled user keeps its row (the audit names it) but signs in no more.
CREATE TABLE city_users (
  user_id BIGSERIAL PRIMARY KEY,
  username TEXT NOT NULL UNIQUE CHECK (username = lower(username) AND username ~ '^[a-z0-9._-]{3,40}$'),
  display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'viewer')),
  password_hash TEXT NOT NULL,
  active BOOLEAN NOT NULL DEFAULT TRUE,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  disabled_at TIMESTAMPTZ
);
-- A session is a random token kept only as its SHA-256. It ends at expires_at (absolute) or after
-- the idle limit since last_seen_at; logout and disabling the user delete the row.
CREATE TABLE city_sessions (
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES city_users(user_id) ON DELETE CASCADE,
  created_at TIMESTAMPTZ NOT NULL,
  last_seen_at TIMESTAMPTZ NOT NULL,
  expires_at TIMESTAMPTZ NOT NULL,
  address TEXT
);
CREATE INDEX city_sessions_user ON city_sessions (user_id);
-- rate-limiter-flexible's PostgreSQL store (its own layout), shared by every city instance.
CREATE TABLE city_login_limits (
  key VARCHAR(255) PRIMARY KEY,
  points INTEGER NOT NULL DEFAULT 0,
  expire BIGINT
);
-- Who signed in, out, was locked out, created or disabled (and by whom).
CREATE TABLE city_audit (
  id BIGSERIAL PRIMARY KEY,
  at TIMESTAMPTZ NOT NULL,
  kind TEXT NOT NULL,
  username TEXT,
  actor TEXT,
  address TEXT,
  detail JSONB
);
CREATE INDEX city_audit_at ON city_audit (at);
`,
  },
  {
    version: 16,
    name: 'ward health at the city: devices, peripherals, clock offset, storage outage',
    sql: `
-- From the events the hubs already send (device.online/offline/paired/revoked, device.health,
-- hub.storage_recovered; names and details stay at the ward) and each request's signed timestamp.
ALTER TABLE city_hubs ADD COLUMN clock_offset_ms INTEGER;
ALTER TABLE city_hubs ADD COLUMN storage_outage JSONB;
CREATE TABLE city_devices (
  hub_id TEXT NOT NULL REFERENCES city_hubs(hub_id) ON DELETE CASCADE,
  device_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  online BOOLEAN NOT NULL,
  revoked BOOLEAN NOT NULL,
  at BIGINT NOT NULL,
  PRIMARY KEY (hub_id, device_id)
);
CREATE TABLE city_peripherals (
  hub_id TEXT NOT NULL REFERENCES city_hubs(hub_id) ON DELETE CASCADE,
  device_id TEXT NOT NULL,
  peripheral TEXT NOT NULL,
  kind TEXT NOT NULL,
  health TEXT NOT NULL,
  at BIGINT NOT NULL,
  PRIMARY KEY (hub_id, device_id, peripheral)
);
`,
  },
  {
    version: 17,
    name: "the managers' week notes (khó khăn, vướng mắc, đề xuất) for the weekly report",
    sql: `
-- The latest note per ward and ISO week (Monday–Sunday), from the hubs' report.week_note events.
CREATE TABLE city_week_notes (
  hub_id TEXT NOT NULL REFERENCES city_hubs(hub_id) ON DELETE CASCADE,
  week_from TEXT NOT NULL,
  week_to TEXT NOT NULL,
  text TEXT NOT NULL,
  at BIGINT NOT NULL,
  PRIMARY KEY (hub_id, week_from)
);
`,
  },
  {
    version: 20,
    name: 'city tier for the country: events and tickets partitioned by month, wait histograms in the daily summaries',
    sql: `
-- city_ensure_month(parent, 'YYYY-MM'): the partition of that month (business days 'YYYY-MM-01' …
-- 'YYYY-MM-31'; the partition key is the text day, compared as text). Rows of that month that
-- went to the default partition meanwhile move into it, so it can be made at any time.
CREATE FUNCTION city_ensure_month(parent TEXT, month TEXT) RETURNS BOOLEAN LANGUAGE plpgsql AS $fn$
DECLARE
  part TEXT := parent || '_m' || replace(month, '-', '');
  hi TEXT := to_char(to_date(month || '-01', 'YYYY-MM-DD') + INTERVAL '1 month', 'YYYY-MM');
BEGIN
  IF to_regclass(part) IS NOT NULL THEN RETURN FALSE; END IF;
  EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS)', part, parent);
  EXECUTE format('WITH moved AS (DELETE FROM %I WHERE day >= %L AND day < %L RETURNING *) INSERT INTO %I SELECT * FROM moved', parent || '_default', month, hi, part);
  EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', parent, part, month, hi);
  RETURN TRUE;
END
$fn$;

-- Events: the same columns, partitioned by month of the business day. The primary key must hold
-- the partition key; (hub_id, seq) stays unique because ingest stores only seq > high-water.
ALTER TABLE city_events RENAME TO city_events_old;
ALTER INDEX city_events_pkey RENAME TO city_events_old_pkey;
DROP INDEX city_events_at_brin;
CREATE TABLE city_events (
  hub_id TEXT NOT NULL,
  seq BIGINT NOT NULL,
  at BIGINT NOT NULL,
  day TEXT NOT NULL,
  type TEXT NOT NULL,
  actor TEXT,
  ticket_id TEXT,
  payload JSON NOT NULL,
  received_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (hub_id, seq, day)
) PARTITION BY RANGE (day);
CREATE TABLE city_events_default PARTITION OF city_events DEFAULT;
CREATE INDEX city_events_at_brin ON city_events USING brin (at);

ALTER TABLE city_tickets RENAME TO city_tickets_old;
ALTER INDEX city_tickets_pkey RENAME TO city_tickets_old_pkey;
DROP INDEX city_tickets_live;
DROP INDEX city_tickets_day;
CREATE TABLE city_tickets (
  hub_id TEXT NOT NULL,
  ticket_id TEXT NOT NULL,
  day TEXT NOT NULL,
  field_code TEXT NOT NULL,
  service_id TEXT,
  state TEXT NOT NULL,
  queued_at BIGINT,
  predicted_wait_min REAL,
  first_called_at BIGINT,
  wait_ms BIGINT,
  finished_at BIGINT,
  rating SMALLINT,
  PRIMARY KEY (hub_id, ticket_id, day)
) PARTITION BY RANGE (day);
CREATE TABLE city_tickets_default PARTITION OF city_tickets DEFAULT;
CREATE INDEX city_tickets_live ON city_tickets (hub_id, field_code) WHERE state IN ('waiting', 'called', 'serving', 'held');
CREATE INDEX city_tickets_day ON city_tickets (day, hub_id);

-- An existing city's data moves over: a partition for every month it has (and this month and
-- the next two), then the rows.
DO $do$
DECLARE m TEXT;
BEGIN
  FOR m IN
    SELECT substr(day, 1, 7) FROM city_events_old
    UNION SELECT substr(day, 1, 7) FROM city_tickets_old
    UNION SELECT to_char(now() + make_interval(months => k), 'YYYY-MM') FROM generate_series(0, 2) AS k
  LOOP
    PERFORM city_ensure_month('city_events', m);
    PERFORM city_ensure_month('city_tickets', m);
  END LOOP;
END
$do$;
INSERT INTO city_events SELECT hub_id, seq, at, day, type, actor, ticket_id, payload, received_at FROM city_events_old;
INSERT INTO city_tickets SELECT hub_id, ticket_id, day, field_code, service_id, state, queued_at, predicted_wait_min, first_called_at, wait_ms, finished_at, rating FROM city_tickets_old;
DROP TABLE city_events_old;
DROP TABLE city_tickets_old;

-- Wait histogram per ward/day/field (the 22 buckets of WAIT_BUCKETS_MIN, db/summary.ts, written
-- out here as a shipped migration never changes): percentiles
-- from the summaries. Filled for the days already projected from their tickets.
ALTER TABLE city_daily ADD COLUMN wait_hist INTEGER[] NOT NULL DEFAULT '{0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0}';
UPDATE city_daily d SET wait_hist = h.hist
FROM (
  SELECT t.hub_id, t.day, t.field_code, array_agg(coalesce(c.n, 0) ORDER BY b.i) AS hist
  FROM (SELECT DISTINCT hub_id, day, field_code FROM city_tickets WHERE wait_ms IS NOT NULL) t
  CROSS JOIN generate_series(0, 21) AS b(i)
  LEFT JOIN (
    SELECT hub_id, day, field_code, width_bucket(wait_ms / 60000.0, '{1,2,3,4,5,6,7,8,10,12,15,18,20,25,30,40,50,60,90,120,180}'::numeric[]) AS i, count(*)::int AS n
    FROM city_tickets WHERE wait_ms IS NOT NULL GROUP BY 1, 2, 3, 4
  ) c ON c.hub_id = t.hub_id AND c.day = t.day AND c.field_code = t.field_code AND c.i = b.i
  GROUP BY t.hub_id, t.day, t.field_code
) h
WHERE d.hub_id = h.hub_id AND d.day = h.day AND d.field_code = h.field_code;
`,
  },
  {
    version: 21,
    name: 'arrivals and first calls per ward, day and minute, for the all-wards forecast without raw tickets',
    sql: `
-- Per ward and business day: tickets that joined the queue (arrivals) and tickets called for the
-- first time (calls), by minute: element e + 1 is minute e - 240 after the day's local midnight
-- (1,920 minutes: four hours either side of the day). The all-wards overview reads its next-hour forecast (the same weekday of the last four
-- weeks) and the calls of the last hour from these rows, never from the tickets; mostly zeros,
-- they compress to a few hundred bytes.
CREATE TABLE city_minutes (
  hub_id TEXT NOT NULL,
  day TEXT NOT NULL,
  arrivals INTEGER[] NOT NULL,
  calls INTEGER[] NOT NULL,
  PRIMARY KEY (hub_id, day)
);
CREATE INDEX city_minutes_day ON city_minutes (day);

-- The last five weeks already projected, from their tickets (Vietnam's time, UTC+7, no daylight
-- saving: the city's default time zone).
INSERT INTO city_minutes (hub_id, day, arrivals, calls)
SELECT t.hub_id, t.day,
       array_agg(coalesce(a.n, 0) ORDER BY m.i), array_agg(coalesce(c.n, 0) ORDER BY m.i)
FROM (SELECT DISTINCT hub_id, day FROM city_tickets WHERE day >= to_char(current_date - 35, 'YYYY-MM-DD')) t
CROSS JOIN generate_series(-240, 1679) AS m(i)
LEFT JOIN (
  SELECT hub_id, day, floor((queued_at - extract(epoch FROM (day || ' 00:00:00+07')::timestamptz) * 1000) / 60000)::int AS i, count(*)::int AS n
  FROM city_tickets WHERE queued_at IS NOT NULL AND day >= to_char(current_date - 35, 'YYYY-MM-DD') GROUP BY 1, 2, 3
) a ON a.hub_id = t.hub_id AND a.day = t.day AND a.i = m.i
LEFT JOIN (
  SELECT hub_id, day, floor((first_called_at - extract(epoch FROM (day || ' 00:00:00+07')::timestamptz) * 1000) / 60000)::int AS i, count(*)::int AS n
  FROM city_tickets WHERE first_called_at IS NOT NULL AND day >= to_char(current_date - 35, 'YYYY-MM-DD') GROUP BY 1, 2, 3
) c ON c.hub_id = t.hub_id AND c.day = t.day AND c.i = m.i
GROUP BY t.hub_id, t.day;
`,
  },
  {
    version: 22,
    name: 'arrivals and first calls per ward, day and hour as cumulative counts: the overview never decompresses a day of minutes',
    sql: `
-- A day's minute arrays (element e + 1 is minute e - 240 after local midnight, as migration 21
-- stored them) cut into hours: hour h (-4 ... 27 after local midnight) has two arrays of 60
-- cumulative counts, element j the count of the hour's minutes 0 ... j - 1; only hours with a
-- count are returned. A 60-minute window from minute 60h + r is C_h[60] - C_h[r] + C_{h+1}[r]
-- (src/db/minutes.ts). The migration and the benchmark convert with this function, the ingest with
-- hourRows (src/db/minutes.ts); test/minutes.medium.test.ts checks that the two agree.
-- A loop over each hour's slice, all-zero hours skipped with one array comparison: 4 times
-- faster than a set-wise unnest with window sums (measured on 500 days: 1.3 against 5.6 s under load).
CREATE FUNCTION city_minute_hours_of(a INTEGER[], c INTEGER[]) RETURNS TABLE (hour SMALLINT, arrivals INTEGER[], calls INTEGER[])
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  zeros CONSTANT INTEGER[] := array_fill(0, ARRAY[60]);
  h INTEGER; j INTEGER; sa INTEGER; sc INTEGER; ah INTEGER[]; ch INTEGER[];
BEGIN
  FOR h IN 0 .. 31 LOOP
    ah := a[h * 60 + 1 : h * 60 + 60];
    ch := c[h * 60 + 1 : h * 60 + 60];
    CONTINUE WHEN (ah = zeros OR cardinality(ah) = 0) AND (ch = zeros OR cardinality(ch) = 0);
    sa := 0; sc := 0;
    arrivals := zeros; calls := zeros;
    FOR j IN 1 .. 60 LOOP
      sa := sa + coalesce(ah[j], 0);
      sc := sc + coalesce(ch[j], 0);
      arrivals[j] := sa;
      calls[j] := sc;
    END LOOP;
    hour := h - 4;
    RETURN NEXT;
  END LOOP;
END
$$;

-- Per ward and day with any counted arrival or call (counted or not in a slot): the forecast's
-- basis days, without reading the hours.
CREATE TABLE city_minute_days (
  day TEXT NOT NULL,
  hub_id TEXT NOT NULL,
  PRIMARY KEY (day, hub_id)
);

-- Two arrays of 60 integers: about 0.5 kB a row, stored inline, never TOASTed or compressed.
CREATE TABLE city_minute_hours (
  day TEXT NOT NULL,
  hour SMALLINT NOT NULL,
  hub_id TEXT NOT NULL,
  arrivals INTEGER[] NOT NULL,
  calls INTEGER[] NOT NULL,
  PRIMARY KEY (day, hour, hub_id)
);

-- The days already counted, every count kept (city-server/test/minutes.medium.test.ts).
INSERT INTO city_minute_days (day, hub_id) SELECT day, hub_id FROM city_minutes;
INSERT INTO city_minute_hours (day, hour, hub_id, arrivals, calls)
SELECT m.day, h.hour, m.hub_id, h.arrivals, h.calls FROM city_minutes m CROSS JOIN city_minute_hours_of(m.arrivals, m.calls) AS h
-- In key order: the overview reads an hour of all wards, which then lies on neighbouring pages
-- (in ward order the 23,232 rows it reads at 3,321 wards lay on 17,331 pages).
ORDER BY 1, 2, 3;
DROP TABLE city_minutes;
`,
  },
];

const LOCK_KEY = 73_462_101; // any constant shared by all instances

export function migrate(pool: Pool): Promise<number> {
  return withClient(pool, async (client) => {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    try {
      await client.query('CREATE TABLE IF NOT EXISTS city_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())');
      const done = new Set((await client.query<{ version: number }>('SELECT version FROM city_migrations')).rows.map((r) => r.version));
      return await runMigrationsAsync(MIGRATIONS, {
        isApplied: (version) => done.has(version),
        apply: async (m) => {
          await client.query('BEGIN');
          try {
            await client.query(m.sql);
            await client.query('INSERT INTO city_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
            await client.query('COMMIT');
          } catch (e) {
            await client.query('ROLLBACK');
            throw e;
          }
        },
      });
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => undefined);
    }
  });
}
