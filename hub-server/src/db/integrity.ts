/**
 * Start-up checks of the hub database (issue 15, item 5): a damaged, truncated, zero-length or
 * missing `hub.sqlite` is never opened as if it were a new ward.
 *
 * - The ward identity: a random id kept both in the database (`meta.ward_id`) and in a file in the
 *   secrets folder (`ward-id`). Where the file exists, a missing or empty database is refused: it
 *   means the ward's data was lost, and starting "fresh" would reissue numbers from 1001 and hide
 *   the loss. A database of another ward (a different id) is refused too. The first start of a
 *   new ward (no file) creates both; a restored database on a new machine (no file, an id in the
 *   database) writes the file.
 * - Before opening: the file must start with the SQLite header (otherwise it is not a database).
 * - After opening: `PRAGMA quick_check` must answer `ok`; an SQLITE_CORRUPT or SQLITE_NOTADB from
 *   opening, migrating or checking is the same refusal.
 *
 * Each refusal is a `DatabaseStartError` (a ConfigError: main.ts prints its message, no stack, and
 * exits 2) of one Vietnamese paragraph and its English one, saying what happened and what to do.
 */
import { randomUUID } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigError } from '../config';
import { privateDir } from '../secrets';
import type { Db } from './database';

export const WARD_ID_FILE = 'ward-id';

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

export type DatabaseProblem = 'missing' | 'empty' | 'not_a_database' | 'damaged' | 'other_ward';

export class DatabaseStartError extends ConfigError {
  constructor(
    readonly problem: DatabaseProblem,
    message: string,
  ) {
    super(message);
  }
}

const RESTORE_VI = 'Hãy khôi phục bản sao lưu gần nhất bằng lệnh `motcua-hub restore <tệp sao lưu>` rồi khởi động lại.';
const RESTORE_EN = 'Restore the latest backup with `motcua-hub restore <backup file>`, then start again.';

function refuse(problem: DatabaseProblem, file: string, wardIdFile: string, detail: string): DatabaseStartError {
  const keep = `Đừng xóa hay ghi đè tệp hỏng: giữ một bản sao của ${file} (và ${file}-wal nếu có) để kiểm tra.`;
  const keepEn = `Do not delete or overwrite the damaged file: keep a copy of ${file} (and ${file}-wal if present) for inspection.`;
  const freshVi = `Chỉ khi thật sự muốn bắt đầu lại một phường/xã trống (mất toàn bộ lịch sử, số thứ tự lại từ 1001), hãy xóa tệp ${wardIdFile} rồi khởi động lại.`;
  const freshEn = `Only if you really mean to start this ward empty (all history lost, numbers from 1001 again), delete ${wardIdFile} and start again.`;
  const text: Record<DatabaseProblem, [string, string]> = {
    missing: [
      `Máy chủ không khởi động: không tìm thấy tệp dữ liệu ${file}, trong khi phường/xã này đã có dữ liệu (${detail}). Máy chủ không tự tạo cơ sở dữ liệu trống để khỏi mất số thứ tự và lịch sử. ${RESTORE_VI} ${freshVi}`,
      `The hub did not start: the data file ${file} is missing, but this ward already had data (${detail}). The hub does not create an empty database in its place, so no numbers or history are silently lost. ${RESTORE_EN} ${freshEn}`,
    ],
    empty: [
      `Máy chủ không khởi động: tệp dữ liệu ${file} rỗng (0 byte), trong khi phường/xã này đã có dữ liệu (${detail}). Có thể ổ đĩa đã đầy hoặc bị mất điện khi ghi. ${RESTORE_VI} ${freshVi}`,
      `The hub did not start: the data file ${file} is empty (0 bytes), but this ward already had data (${detail}). The disk may have filled up or lost power while writing. ${RESTORE_EN} ${freshEn}`,
    ],
    not_a_database: [
      `Máy chủ không khởi động: tệp ${file} không phải là cơ sở dữ liệu SQLite (${detail}). ${keep} ${RESTORE_VI}`,
      `The hub did not start: ${file} is not an SQLite database (${detail}). ${keepEn} ${RESTORE_EN}`,
    ],
    damaged: [
      `Máy chủ không khởi động: tệp dữ liệu ${file} bị hỏng hoặc bị cắt cụt (${detail}). Máy chủ không chạy tiếp trên dữ liệu hỏng. ${keep} ${RESTORE_VI}`,
      `The hub did not start: the data file ${file} is damaged or truncated (${detail}). The hub does not run on damaged data. ${keepEn} ${RESTORE_EN}`,
    ],
    other_ward: [
      `Máy chủ không khởi động: tệp dữ liệu ${file} thuộc một phường/xã khác (${detail}). Hãy kiểm tra lại thư mục dữ liệu trong cấu hình, hoặc khôi phục đúng bản sao lưu của phường/xã này bằng \`motcua-hub restore <tệp sao lưu>\`.`,
      `The hub did not start: the data file ${file} belongs to another ward (${detail}). Check the data folder in the configuration, or restore this ward's own backup with \`motcua-hub restore <backup file>\`.`,
    ],
  };
  const [vi, en] = text[problem];
  return new DatabaseStartError(problem, `${vi}\n${en}`);
}

function readWardId(wardIdFile: string): string | null {
  if (!existsSync(wardIdFile)) return null;
  const id = readFileSync(wardIdFile, 'utf8').trim();
  return id.length > 0 ? id : null;
}

/** Checks the file before SQLite opens it (which would create a missing or empty file as a new database). */
export function checkDatabaseFile(file: string, wardIdFile: string): void {
  const wardId = readWardId(wardIdFile);
  const had = `mã phường/xã ${wardId ?? ''} trong ${wardIdFile} / ward id ${wardId ?? ''} in ${wardIdFile}`;
  if (!existsSync(file)) {
    if (wardId) throw refuse('missing', file, wardIdFile, had);
    return;
  }
  const size = statSync(file).size;
  if (size === 0) {
    if (wardId) throw refuse('empty', file, wardIdFile, had);
    return;
  }
  const head = Buffer.alloc(SQLITE_HEADER.length);
  const fd = openSync(file, 'r');
  let n: number;
  try {
    n = readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  if (n < head.length || !head.equals(SQLITE_HEADER)) throw refuse('not_a_database', file, wardIdFile, `${size} byte, không có phần đầu SQLite / ${size} bytes, no SQLite header`);
}

/** True for SQLite's "this file is damaged" errors (opening, migrating or checking). */
export function isCorruptionError(e: unknown): e is Error & { code: string } {
  return e instanceof Error && 'code' in e && typeof e.code === 'string' && /^SQLITE_(CORRUPT|NOTADB)/.test(e.code);
}

/** The refusal for a corruption error met while opening `file`. */
export function corruptionRefusal(file: string, wardIdFile: string, e: Error & { code: string }): DatabaseStartError {
  return refuse(e.code.startsWith('SQLITE_NOTADB') ? 'not_a_database' : 'damaged', file, wardIdFile, `${e.code}: ${e.message}`);
}

/** After opening: `quick_check`, then the ward identity (written where it is new). */
export function checkOpenedDatabase(db: Db, file: string, wardIdFile: string): void {
  const rows = db.pragma('quick_check(20)') as { quick_check: string }[];
  const problems = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
  if (problems.length > 0) throw refuse('damaged', file, wardIdFile, `PRAGMA quick_check: ${problems.slice(0, 3).join('; ').replace(/\s+/g, ' ')}`);
}

/** Reads or creates the ward identity once the database is open and migrated (needs the `meta` table). */
export function checkWardIdentity(db: Db, file: string, wardIdFile: string): string {
  const fromFile = readWardId(wardIdFile);
  const row = db.prepare("SELECT value FROM meta WHERE key = 'ward_id'").get() as { value: string } | undefined;
  const fromDb = row?.value ?? null;
  if (fromFile && fromDb && fromFile !== fromDb) throw refuse('other_ward', file, wardIdFile, `${fromDb} ≠ ${fromFile} (${wardIdFile})`);
  if (fromFile && !fromDb) {
    // A database without an identity where the ward has one: a fresh file put in place of the ward's data.
    const tickets = (db.prepare('SELECT COUNT(*) AS n FROM tickets').get() as { n: number }).n;
    if (tickets === 0) throw refuse('empty', file, wardIdFile, `cơ sở dữ liệu mới, không có mã phường/xã ${fromFile} / a new database without ward id ${fromFile}`);
  }
  const id = fromDb ?? fromFile ?? randomUUID();
  if (!fromDb) db.prepare("INSERT INTO meta (key, value) VALUES ('ward_id', ?)").run(id);
  if (!fromFile) {
    privateDir(dirname(wardIdFile));
    writeFileSync(wardIdFile, `${id}\n`, { mode: 0o600 });
  }
  return id;
}
