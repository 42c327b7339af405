/**
 * Numbered schema migrations, as the hub (SQLite) and the city (PostgreSQL) both keep them:
 * append-only, never edited once shipped, applied in order, each in its own transaction. The
 * databases differ in how they record what is applied and how they run SQL, so each side passes a
 * `MigrationTarget`; the order, the skipping of applied versions and the count live here.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** How one database records and applies a migration. `apply` runs the SQL and records the version in one transaction. */
export interface MigrationTarget<R> {
  isApplied(version: number): boolean;
  apply(m: Migration): R;
}

/** Applies the migrations not yet applied, in order (synchronously); returns how many it applied. */
export function runMigrations(migrations: readonly Migration[], target: MigrationTarget<void>): number {
  let applied = 0;
  for (const m of migrations) {
    if (target.isApplied(m.version)) continue;
    target.apply(m);
    applied++;
  }
  return applied;
}

/** The same for a database whose driver is asynchronous (one migration at a time, in order). */
export async function runMigrationsAsync(migrations: readonly Migration[], target: MigrationTarget<Promise<void>>): Promise<number> {
  let applied = 0;
  for (const m of migrations) {
    if (target.isApplied(m.version)) continue;
    await target.apply(m);
    applied++;
  }
  return applied;
}
