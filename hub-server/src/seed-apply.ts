import { ok } from '@motcua/shared';
import type { CatalogRepo, ClerkRepo, CounterRepo } from './db/repositories';
import { DEMO_ACCOUNTS, DEMO_COUNTERS, DEMO_FIELDS, DEMO_PROCEDURES, DEMO_SERVICES } from './seed';
import { hashPassword } from './services/auth';
import type { Catalog } from './services/catalog';
import type { Executor } from './services/executor';
import { SYSTEM_ACTOR } from './services/unit-of-work';

/** What seeding writes to. */
export interface SeedTarget {
  catalogRepo: CatalogRepo;
  clerks: ClerkRepo;
  counters: CounterRepo;
  executor: Executor;
  /** The cached catalogue, invalidated after seeding. */
  catalog: Pick<Catalog, 'invalidate'>;
}

/** Seeds the demo ward into an empty database (no fields yet); otherwise does nothing. */
export async function seedDemoWard({ catalogRepo: catalog, clerks, counters, executor, catalog: cached }: SeedTarget): Promise<boolean> {
  if (catalog.fields().length > 0) return false;
  const hashes = await Promise.all(DEMO_ACCOUNTS.map((a) => hashPassword(a.password)));
  executor.exec(SYSTEM_ACTOR, (tx) => {
    if (catalog.fields().length > 0) return ok(false);
    for (const f of DEMO_FIELDS) catalog.insertField(f);
    for (const s of DEMO_SERVICES) catalog.insertService(s);
    for (const p of DEMO_PROCEDURES) catalog.insertProcedure(p);
    DEMO_ACCOUNTS.forEach((a, i) => clerks.insert({ id: a.id, username: a.username, displayName: a.displayName, role: a.role, active: true, passwordHash: hashes[i] ?? '' }));
    for (const c of DEMO_COUNTERS) counters.insert(c);
    tx.event('config.seeded', null, { fields: DEMO_FIELDS.length, services: DEMO_SERVICES.length, procedures: DEMO_PROCEDURES.length, counters: DEMO_COUNTERS.length, clerks: DEMO_ACCOUNTS.length });
    tx.changes.resync = true;
    return ok(true);
  });
  cached.invalidate();
  return true;
}
