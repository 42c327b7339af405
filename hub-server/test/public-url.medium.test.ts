/**
 * The ticket's QR opens on a phone: without `publicUrl` the hub listening on every interface puts
 * its first LAN address in the QR (print job and kiosk answer alike), and a GET on that URL answers
 * 200 with the status page; with `publicUrl` the QR uses it; with only loopback the hub warns in its
 * log and every manager's snapshot carries the alert.
 * Deliberate break seen failing: `Hub.publicUrl()` returning the bound 127.0.0.1 URL again (the
 * issue-13 QR that decoded to http://127.0.0.1:8080/t/<id>) fails the first test.
 */
import { Writable } from 'node:stream';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { PrintJob } from '@motcua/shared';
import { startHub } from '../src/hub';
import { firstLanAddress } from '../src/public-url';
import { expectOk, send } from './client';
import { startFixture, type Fixture } from './fixture';

let f: Fixture | null = null;
afterEach(async () => {
  await f?.close();
  f = null;
});

async function printOne(fx: Fixture): Promise<{ job: PrintJob; statusUrl: string }> {
  const { socket: kiosk, deviceId } = await fx.kiosk();
  const m = await fx.manager();
  const { code } = expectOk(await send(m, 'manager:createPairingCode', { kind: 'agent', boundDeviceId: deviceId }));
  const agent = await fx.connect(expectOk(await send(await fx.connect(), 'device:pair', { code, name: 'kiosk agent' })).token);
  const jobs: PrintJob[] = [];
  agent.on('print:job', (j) => jobs.push(j));
  const issued = expectOk(await send(kiosk, 'ticket:issue', { serviceId: 's-chung-thuc', channel: 'kiosk', requestId: 'qr-lan-0001', print: true }));
  for (let i = 0; i < 200 && jobs.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
  expect(jobs).toHaveLength(1);
  return { job: jobs[0]!, statusUrl: issued.statusUrl };
}

describe('the status QR a phone can open', () => {
  const lan = firstLanAddress();

  it.runIf(lan !== null)('without publicUrl, the print job and the kiosk carry the first LAN address, and GET on it answers 200', async () => {
    // The status page is the kiosk app's (served from the built apps): a stand-in page here, the real one in the e2e test.
    const publicDir = mkdtempSync(join(tmpdir(), 'motcua-waits-public-'));
    mkdirSync(join(publicDir, 'kiosk'));
    writeFileSync(join(publicDir, 'kiosk', 'index.html'), '<!doctype html><title>Một Cửa</title>');
    f = await startFixture({ host: '0.0.0.0' }, undefined, undefined, { publicDir });
    const port = new URL(f.hub.url).port;
    const { job, statusUrl } = await printOne(f);
    expect(job.ticket.statusUrl).toBe(statusUrl);
    expect(statusUrl).toMatch(new RegExp(`^http://${lan!.replace(/\./g, '\\.')}:${port}/t/[0-9a-f]{16}-[0-9a-f]{12}$`));
    // What a phone does: GET the QR's URL over the LAN address, follow the redirect to the status page.
    const res = await fetch(statusUrl, { redirect: 'follow' });
    expect(res.status).toBe(200);
    expect(res.url).toBe(`http://${lan}:${port}/kiosk/`);
    // And the page's data, over the same address.
    const id = statusUrl.split('/t/')[1]!;
    const api = await fetch(`http://${lan}:${port}/api/tickets/${id}`);
    expect(api.status).toBe(200);
    rmSync(publicDir, { recursive: true, force: true });
    expect(f.hub.snapshot('manager').centre).toMatchObject({ publicUrl: `http://${lan}:${port}`, publicUrlSource: 'lan' });
  });

  it('with publicUrl, the QR uses it', async () => {
    f = await startFixture({ publicUrl: 'http://motcua.ben-thanh.lan:8080/' });
    const { job } = await printOne(f);
    expect(job.ticket.statusUrl).toMatch(/^http:\/\/motcua\.ben-thanh\.lan:8080\/t\/[0-9a-f-]+$/);
    expect(f.hub.snapshot('public').centre.publicUrlSource).toBe('config');
  });

  it('with only loopback, the hub warns loudly and managers see the alert', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const dir = mkdtempSync(join(tmpdir(), 'motcua-waits-loopback-'));
    const hub = await startHub({ config: { host: '127.0.0.1', port: 0, dataDir: dir }, logger: pino({ level: 'warn' }, sink) });
    try {
      const warnings = lines.map((l) => JSON.parse(l) as { level: number; msg: string; publicUrl?: string }).filter((l) => l.level === 40 && l.msg.includes('NO PHONE CAN OPEN'));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]?.publicUrl).toBe(hub.url);
      expect(hub.snapshot('manager').centre.publicUrlSource).toBe('loopback');
    } finally {
      await hub.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
