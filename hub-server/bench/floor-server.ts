/**
 * The floor the hub is measured against, in its own process like the hub: a bare socket.io server
 * that acks `echo` at once, and times a bare better-sqlite3 `synchronous=FULL` transaction on `tx`.
 */
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Server } from 'socket.io';

const db = new Database(join(mkdtempSync(join(tmpdir(), 'motcua-floor-')), 'floor.sqlite'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
const tx = db.transaction((v: string) => insert.run(v));

const http = createServer();
const io = new Server(http, { serveClient: false });
io.on('connection', (socket) => {
  socket.on('echo', (_p: unknown, ack: (r: unknown) => void) => ack({ ok: true }));
  socket.on('tx', (_p: unknown, ack: (ms: number) => void) => {
    const t0 = performance.now();
    tx('floor');
    ack(performance.now() - t0);
  });
});
http.listen(0, '127.0.0.1', () => {
  const addr = http.address();
  process.stdout.write(`${JSON.stringify({ event: 'listening', url: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}` })}\n`);
});
