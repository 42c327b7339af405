import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { runMigrations } from '@motcua/shared';
import { privateDir } from '../secrets';
import { checkDatabaseFile, checkOpenedDatabase, checkWardIdentity, corruptionRefusal, isCorruptionError } from './integrity';
import { MIGRATIONS, type Migration } from './migrations';

export type Db = Database.Database;

/**
 * Opens the hub database: WAL, synchronous=FULL (an acknowledged command survives a power cut),
 * secure_delete on (erased names are overwritten with zeros, not left in free space: the retention
 * purge also truncates the WAL, db/retention.ts), foreign keys on, migrations applied in order inside
 * one transaction each; with `wardIdFile`, the start-up checks of db/integrity.ts. The folder is made 0700 and the files 0600 (SQLite gives the -wal and -shm
 * files the database file's mode).
 */
export function openDatabase(file: string, migrations: readonly Migration[] = MIGRATIONS, opts: OpenOptions = {}): Db {
  const { wardIdFile } = opts;
  if (file !== ':memory:') {
    privateDir(dirname(file));
    // Before SQLite sees it: a missing or empty file where the ward had data, or a file that is not a database, is refused (db/integrity.ts).
    if (wardIdFile) checkDatabaseFile(file, wardIdFile);
    if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
    for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) chmodSync(f, 0o600);
  }
  let db: Db | null = null;
  try {
    db = new Database(file);
    db.pragma('secure_delete = ON');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    if (wardIdFile) checkOpenedDatabase(db, file, wardIdFile);
    migrate(db, migrations);
    if (wardIdFile) checkWardIdentity(db, file, wardIdFile);
    return db;
  } catch (e) {
    db?.close();
    if (wardIdFile && isCorruptionError(e)) throw corruptionRefusal(file, wardIdFile, e);
    throw e;
  }
}

export interface OpenOptions {
  /**
   * The ward identity file (secrets folder): with it, the start-up checks of db/integrity.ts run
   * (header, `quick_check`, identity); without it (tools, tests of migrations) the file is just opened.
   */
  wardIdFile?: string;
}

/** Applies the migrations above the database's `user_version`, each in one transaction with the new version. */
export function migrate(db: Db, migrations: readonly Migration[]): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  return runMigrations(migrations, {
    isApplied: (version) => version <= current,
    apply: (m) => {
      db.transaction(() => {
        db.exec(m.sql);
        db.pragma(`user_version = ${m.version}`);
      })();
    },
  });
}
