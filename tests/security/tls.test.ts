/**
 * TLS end to end (issue 14, items 4 and 10): a real hub serving HTTPS from its ward CA, with
 * - the real device agent pinning that CA (connects), another CA (refused), and no CA for an
 *   https:// hub (its configuration refused);
 * - Debian's Chromium trusting exactly the hub's key (`--ignore-certificate-errors-spki-list`, not
 *   a blanket ignore): the display board goes live over HTTPS/WSS under the hub's CSP with no
 *   violation, and a ticket's status page opens over plain HTTP, as on a citizen's phone, while
 *   the manager app on plain HTTP is redirected to HTTPS.
 * Needs the web apps built (`node scripts/build-web.mjs`).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { AgentConfig, DeviceAgent } from '@motcua/drivers';
import { createWardCa, spkiHash, tlsFiles } from '@motcua/hub-server';
import { startFixture, type Fixture } from '@motcua/hub-server/test-fixture';
import { expectOk, send } from '@motcua/hub-server/test-client';
import { launchBrowser } from '../support/browser';

let dir = '';
let f: Fixture;
let browser: Browser;
let caFile = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'motcua-e2e-tls-'));
  await createWardCa(join(dir, 'secrets'), 'Phường Thử');
  caFile = tlsFiles(join(dir, 'secrets')).caCert;
  f = await startFixture({ secretsDir: join(dir, 'secrets'), tls: { enabled: true, httpPort: 0, names: [] } });
  // Trust the hub's own key and nothing else (the hash changes with every certificate).
  browser = await launchBrowser([`--ignore-certificate-errors-spki-list=${spkiHash(f.hub.tls?.cert ?? '')}`]);
});
afterAll(async () => {
  await browser?.close();
  await f?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function agentToken(): Promise<string> {
  const m = await f.manager();
  const { code } = expectOk(await send(m, 'manager:createPairingCode', { kind: 'agent', counterId: 'c1' }));
  const s = await f.connect();
  return expectOk(await send(s, 'device:pair', { code, name: 'Agent TLS' })).token;
}

function until(cond: () => boolean, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const tick = (): void => {
      if (cond()) resolve();
      else if (Date.now() > end) reject(new Error('condition not met in time'));
      else setTimeout(tick, 25);
    };
    tick();
  });
}

describe('the device agent pins the ward CA', () => {
  it('connects to the HTTPS hub with the ward CA, and never with another CA', async () => {
    // Catches: the agent dropping `ca` (it would then trust the public roots and refuse the hub)
    // or verifying nothing (rejectUnauthorized off: the other CA would get in).
    const token = await agentToken();
    const good = new DeviceAgent({ config: AgentConfig.parse({ hubUrl: f.hub.url, hubCaFile: caFile, deviceToken: token, logLevel: 'silent' }) });
    await good.start();
    try {
      await until(() => good.connected);
    } finally {
      await good.stop();
    }

    await createWardCa(join(dir, 'other'), 'Phường Khác');
    const bad = new DeviceAgent({ config: AgentConfig.parse({ hubUrl: f.hub.url, hubCaFile: tlsFiles(join(dir, 'other')).caCert, deviceToken: token, logLevel: 'silent' }) });
    const reasons: string[] = [];
    bad.on('connection', (c) => {
      if (c.reason) reasons.push(c.reason);
    });
    await bad.start();
    try {
      await until(() => reasons.length > 0);
      expect(bad.connected).toBe(false);
    } finally {
      await bad.stop();
    }
    expect(() => AgentConfig.parse({ hubUrl: f.hub.url, deviceToken: token })).toThrow(/hubCaFile/);
  });
});

describe('Chromium over HTTPS, and the status page over HTTP', () => {
  it('the display board goes live over HTTPS/WSS with the hub CSP and no violation', async () => {
    // Catches: a CSP that blocks the built app (its script, styles, fonts, socket) or a hub not serving WSS.
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    const response = await page.goto(`${f.hub.url}/display/?sound=0`);
    await page.locator('[data-testid="board"][data-live="true"]').waitFor({ timeout: 15_000 });
    expect(page.url().startsWith('https://')).toBe(true);
    // The browser refuses to frame the board from anywhere (frame-ancestors 'none').
    const csp = response?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(violations).toEqual([]);
    await page.close();
  });

  it("a ticket's status page opens over plain HTTP (the phone path); the manager app there is redirected to HTTPS", async () => {
    // Catches: the plain listener redirecting the status page (phones cannot trust the ward CA) or serving the manager app in clear.
    const m = await f.manager();
    const { ticket } = expectOk(await send(m, 'ticket:issue', { serviceId: 's-chung-thuc', channel: 'kiosk', requestId: 'e2e-tls-0001', print: false }));
    const page = await browser.newPage();
    await page.goto(`${f.hub.statusUrl}/t/${ticket.id}`);
    await expect.poll(() => page.locator('[data-testid="status-number"]').innerText(), { timeout: 15_000 }).toContain(ticket.number);
    expect(page.url().startsWith(`${f.hub.statusUrl}/kiosk/`)).toBe(true);
    await page.goto(`${f.hub.statusUrl}/manager/`);
    expect(page.url()).toBe(`${f.hub.url}/manager/`);
    await page.close();
    expect(readFileSync(caFile, 'utf8')).toContain('BEGIN CERTIFICATE');
  });
});
