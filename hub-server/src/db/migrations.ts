/**
 * Append-only, numbered migrations. Never edit a migration that has shipped: add the next one.
 * `migrations.test.ts` checks the numbering is dense and ordered.
 */
import type { Migration } from '@motcua/shared';

export type { Migration };

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE fields (
  id TEXT PRIMARY KEY, code TEXT NOT NULL UNIQUE, name_vi TEXT NOT NULL, name_en TEXT NOT NULL,
  sort_order INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE services (
  id TEXT PRIMARY KEY, code TEXT NOT NULL UNIQUE, name_vi TEXT NOT NULL, name_en TEXT NOT NULL,
  field_id TEXT NOT NULL REFERENCES fields(id), prefix TEXT NOT NULL UNIQUE,
  expected_service_min REAL NOT NULL, active INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE procedures (
  id TEXT PRIMARY KEY, national_code TEXT NOT NULL, name_vi TEXT NOT NULL, name_en TEXT NOT NULL,
  field_id TEXT NOT NULL REFERENCES fields(id), service_id TEXT NOT NULL REFERENCES services(id)
);
CREATE TABLE clerks (
  id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('clerk','manager')), password_hash TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE counters (
  id TEXT PRIMARY KEY, number INTEGER NOT NULL UNIQUE, name_vi TEXT NOT NULL, name_en TEXT NOT NULL,
  primary_services TEXT NOT NULL DEFAULT '[]', secondary_services TEXT NOT NULL DEFAULT '[]',
  status TEXT NOT NULL DEFAULT 'closed' CHECK (status IN ('closed','open','paused')),
  pause_reason TEXT, clerk_id TEXT REFERENCES clerks(id), zone TEXT,
  idle_since INTEGER
);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY, clerk_id TEXT NOT NULL REFERENCES clerks(id), counter_id TEXT REFERENCES counters(id),
  created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL
);
CREATE TABLE devices (
  id TEXT PRIMARY KEY, kind TEXT NOT NULL CHECK (kind IN ('kiosk','display','agent')), name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE, counter_id TEXT REFERENCES counters(id), bound_device_id TEXT,
  created_at INTEGER NOT NULL, last_seen_at INTEGER, peripherals TEXT NOT NULL DEFAULT '[]',
  revoked INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE pairing_codes (
  code TEXT PRIMARY KEY, kind TEXT NOT NULL, counter_id TEXT, bound_device_id TEXT,
  expires_at INTEGER NOT NULL, used_at INTEGER
);

-- Numbering: one row per business day and prefix; incremented inside the issuing transaction.
CREATE TABLE day_counters (day TEXT NOT NULL, prefix TEXT NOT NULL, last INTEGER NOT NULL, PRIMARY KEY (day, prefix));

CREATE TABLE tickets (
  id TEXT PRIMARY KEY, day TEXT NOT NULL, number TEXT NOT NULL, seq_no INTEGER NOT NULL,
  service_id TEXT NOT NULL REFERENCES services(id), procedure_id TEXT,
  channel TEXT NOT NULL, priority_group TEXT,
  state TEXT NOT NULL, issued_at INTEGER NOT NULL, queued_at INTEGER NOT NULL, slot_at INTEGER,
  target_counter_id TEXT, counter_id TEXT, clerk_id TEXT,
  called_at INTEGER, started_at INTEGER, finished_at INTEGER, recall_count INTEGER NOT NULL DEFAULT 0,
  predicted_wait_min REAL, people_ahead INTEGER, rating INTEGER, rating_reason TEXT,
  citizen_name TEXT, citizen_id_hash TEXT, request_id TEXT, issued_by TEXT,
  UNIQUE (day, number)
);
CREATE UNIQUE INDEX tickets_request ON tickets(issued_by, request_id) WHERE request_id IS NOT NULL;
CREATE INDEX tickets_live ON tickets(day, state);

CREATE TABLE appointments (
  id TEXT PRIMARY KEY, code TEXT NOT NULL UNIQUE, service_id TEXT NOT NULL REFERENCES services(id),
  slot_at INTEGER NOT NULL, citizen_name TEXT,
  state TEXT NOT NULL CHECK (state IN ('booked','checked_in','cancelled','expired')), ticket_id TEXT
);

CREATE TABLE print_jobs (
  id TEXT PRIMARY KEY, ticket_id TEXT NOT NULL, kiosk_id TEXT, agent_id TEXT,
  state TEXT NOT NULL CHECK (state IN ('sent','printed','failed')), error TEXT,
  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL
);

-- The audit trail and the sync outbox. AUTOINCREMENT: a seq is never reused, even after purges.
CREATE TABLE events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, day TEXT NOT NULL, type TEXT NOT NULL,
  actor TEXT, ticket_id TEXT, payload TEXT NOT NULL
);
`,
  },
  {
    version: 2,
    name: 'manager settings, temporary skills, event index for reports',
    sql: `
-- Centre settings edited in the manager app (opening hours, priority rules, rating scale, alarms): JSON per key.
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at INTEGER NOT NULL);

-- Skills given to a counter for a while (staffing advice); the hub removes the skill when it ends.
CREATE TABLE temporary_skills (
  id TEXT PRIMARY KEY, counter_id TEXT NOT NULL REFERENCES counters(id), service_id TEXT NOT NULL REFERENCES services(id),
  level TEXT NOT NULL CHECK (level IN ('primary','secondary')), until INTEGER NOT NULL, created_at INTEGER NOT NULL,
  advice_id TEXT, ended_at INTEGER
);
CREATE INDEX temporary_skills_open ON temporary_skills(ended_at, until);

-- Reports read first calls and ratings per day from the audit trail.
CREATE INDEX events_day_type ON events(day, type);
`,
  },
  {
    version: 3,
    name: 'appointment bookings idempotent per request',
    sql: `
-- A kiosk that lost the answer to a booking retries with the same request id and gets the same booking.
ALTER TABLE appointments ADD COLUMN request_id TEXT;
CREATE UNIQUE INDEX appointments_request ON appointments(request_id) WHERE request_id IS NOT NULL;
`,
  },
  {
    version: 4,
    name: 'CCCD pseudonym keyed outside the database: drop the old salt',
    sql: `
-- ID numbers are now pseudonymised with HMAC-SHA256 under a key in the secrets folder (secrets.ts).
-- Hashes written before (SHA-256 of this salt and the number) cannot be converted: the number is not
-- kept. They stay until the retention policy erases them with the names; deleting the salt (with
-- secure_delete on, so it is overwritten) leaves them unlinkable to any ID number or new pseudonym.
DELETE FROM meta WHERE key = 'citizen_id_salt';
`,
  },
  {
    version: 5,
    name: 'city → hub channel: applied messages, home bookings, team assignments',
    sql: `
-- Every message pulled from the city, once (seq is the city's per-hub sequence): the hub's cursor is
-- MAX(seq), and a message delivered twice meets its row and is not applied again. outcome: applied,
-- refused (a booking the hub cannot honour) or skipped (malformed, unknown kind, nothing to act on).
CREATE TABLE city_messages (
  seq INTEGER PRIMARY KEY, kind TEXT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('applied','refused','skipped')), detail TEXT NOT NULL, applied_at INTEGER NOT NULL
);

-- Bookings made from home on the city's booking site are appointments of the hub's day like a kiosk's.
ALTER TABLE appointments ADD COLUMN source TEXT NOT NULL DEFAULT 'kiosk' CHECK (source IN ('kiosk','home'));
ALTER TABLE appointments ADD COLUMN procedure_code TEXT;
ALTER TABLE appointments ADD COLUMN slot_minutes INTEGER;
CREATE INDEX appointments_open ON appointments(state, slot_at);

-- Mobile support team members the city sends to this ward, for the manager to accept or decline.
CREATE TABLE team_assignments (
  id TEXT PRIMARY KEY, staff_ref TEXT NOT NULL, staff_name TEXT NOT NULL, field_codes TEXT NOT NULL,
  day TEXT NOT NULL, from_hm TEXT NOT NULL, to_hm TEXT NOT NULL, note TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending','accepted','declined','withdrawn')),
  received_at INTEGER NOT NULL, decided_at INTEGER, clerk_id TEXT, counter_id TEXT
);
`,
  },
  {
    version: 6,
    name: 'priority streak kept across restarts',
    sql: `
-- Consecutive priority calls at the centre per business day (the fair priority rule: at most maxInRow in
-- a row while others wait). Kept here so a hub restart does not hand priority visitors a fresh streak.
CREATE TABLE dispatch_state (day TEXT PRIMARY KEY, priority_streak INTEGER NOT NULL CHECK (priority_streak >= 0), updated_at INTEGER NOT NULL);
`,
  },
  {
    version: 7,
    name: 'reserve counter windows the staffing advice asked for',
    sql: `
-- Each window the staffing advice asked a reserve clerk to open a closed counter in ("open counter 2
-- until 10:30"), per business day: the time such a counter is then open within its windows counts
-- against the day's reserve budget (settings.staffing.reserveHoursPerDay; domain/reserve-budget.ts).
CREATE TABLE reserve_windows (
  day TEXT NOT NULL, counter_id TEXT NOT NULL, from_at INTEGER NOT NULL, until_at INTEGER NOT NULL CHECK (until_at > from_at),
  PRIMARY KEY (day, counter_id, from_at)
);
`,
  },
];
