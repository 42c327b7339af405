/**
 * `motcua-hub backup <file|folder>` and `motcua-hub restore <file>` (issue 15, defect 6), for a
 * technician at the hub's terminal; the work is in db/backup.ts.
 *
 * - backup: safe while the hub serves (SQLite's online backup API, WAL included). Given a folder,
 *   writes `hub-<hubId>-<date>-<time>.sqlite` in it.
 * - restore: refuses while a hub runs on the data folder, checks the backup (`quick_check`) before
 *   touching anything, and keeps the database it replaces next to it.
 *
 * Both read the data folder from `--config <folder>/hub.json` (or MOTCUA_CONFIG; without either,
 * the development default `./data`). Messages: Vietnamese first, then English.
 */
import Database from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError, loadConfig, type HubConfig } from '../config';
import { BackupError, backupDatabase, restoreDatabase, type BackupInfo } from '../db/backup';
import { secretsDirOf } from '../secrets';

const USAGE = [
  'Usage: motcua-hub backup <file or folder> [--config <folder>/hub.json]',
  '       motcua-hub restore <file> [--config <folder>/hub.json]   (stop the hub first)',
].join('\n');

function flag(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** The positional argument: the first that is neither a flag nor a flag's value. */
function positional(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--config') i++;
    else if (!a.startsWith('--')) return a;
  }
  return undefined;
}

function configOf(args: readonly string[]): HubConfig {
  return loadConfig(process.env, flag(args, '--config'));
}

function dbFile(config: HubConfig): string {
  return resolve(join(config.dataDir, 'hub.sqlite'));
}

/** Local time stamp for file names: 2026-12-05-0915. */
function stamp(timeZone: string, at = new Date()): string {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(at).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}-${p.hour}${p.minute}${p.second}`;
}

function describe(info: BackupInfo): string {
  const last = info.lastEventAt ? new Date(info.lastEventAt).toISOString() : '—';
  return `  ${info.file}\n  ${info.bytes} byte · ${info.tickets} vé/tickets · ${info.events} sự kiện/events (seq ≤ ${info.lastEventSeq}, ${last}) · schema ${info.schemaVersion} · quick_check ${info.ok ? 'ok' : (info.problem ?? '?')}`;
}

function fail(command: string, vi: string, en: string): number {
  process.stderr.write(`motcua-hub ${command}: ${vi}\n${en}\n`);
  return 1;
}

export async function runBackup(args: readonly string[]): Promise<number> {
  const target = positional(args);
  if (args.includes('--help') || !target) {
    process.stdout.write(`${USAGE}\n`);
    return target || args.includes('--help') ? 0 : 2;
  }
  try {
    const config = configOf(args);
    const source = dbFile(config);
    if (!existsSync(source) || statSync(source).size === 0) return fail('backup', `Không có cơ sở dữ liệu để sao lưu tại ${source}.`, `No database to back up at ${source}.`);
    let file = resolve(target);
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, `hub-${config.hubId}-${stamp(config.timeZone)}.sqlite`);
    // Not openDatabase: no migrations, no mode changes on a database a running hub owns.
    const db = new Database(source, { fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    let info: BackupInfo;
    try {
      info = await backupDatabase(db, file);
    } finally {
      db.close();
    }
    process.stdout.write(
      [
        'Đã sao lưu và kiểm tra bản sao lưu / Backup written and checked:',
        describe(info),
        `Lưu ý: thư mục khóa bí mật ${secretsDirOf(config)} không nằm trong bản sao lưu; hãy sao lưu riêng một lần (nó không thay đổi).`,
        `Note: the secrets folder ${secretsDirOf(config)} is not in the backup; back it up once, separately (it does not change).`,
        '',
      ].join('\n'),
    );
    return 0;
  } catch (e) {
    if (e instanceof BackupError) return fail('backup', `Sao lưu không thành công: ${e.message}`, `Backup failed: ${e.message}`);
    if (e instanceof ConfigError) return fail('backup', `Cấu hình không hợp lệ: ${e.message}`, e.message);
    const msg = e instanceof Error ? e.message : String(e);
    return fail('backup', `Sao lưu không thành công (${msg}). Kiểm tra ổ đĩa đích còn chỗ trống và ghi được.`, `Backup failed (${msg}). Check the target disk has room and is writable.`);
  }
}

export function runRestore(args: readonly string[]): number {
  const from = positional(args);
  if (args.includes('--help') || !from) {
    process.stdout.write(`${USAGE}\n`);
    return from || args.includes('--help') ? 0 : 2;
  }
  try {
    const config = configOf(args);
    const target = dbFile(config);
    const r = restoreDatabase(resolve(from), target, stamp(config.timeZone));
    process.stdout.write(
      [
        'Đã khôi phục / Restored:',
        describe(r.restored),
        r.previous ? `Cơ sở dữ liệu cũ được giữ lại tại / The database it replaced is kept as: ${r.previous}` : 'Trước đó không có cơ sở dữ liệu / There was no database before.',
        existsSync(join(secretsDirOf(config), 'citizen-id.key')) ? '' : `Cảnh báo: chưa có khóa bí mật trong ${secretsDirOf(config)}; hãy khôi phục thư mục secrets từ bản sao lưu riêng trước khi chạy hub.\nWarning: no key in ${secretsDirOf(config)}; restore the secrets folder from its own backup before starting the hub.`,
        'Khởi động lại hub / Start the hub again: sudo systemctl start motcua-hub',
        '',
      ].join('\n'),
    );
    return 0;
  } catch (e) {
    if (e instanceof BackupError) return fail('restore', `Không khôi phục: ${e.message}`, `Not restored: ${e.message}`);
    if (e instanceof ConfigError) return fail('restore', `Cấu hình không hợp lệ: ${e.message}`, e.message);
    throw e;
  }
}
