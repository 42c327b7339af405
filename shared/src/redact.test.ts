import { describe, expect, it } from 'vitest';
import { REDACTED, redactLogLine } from './redact';

describe('redactLogLine', () => {
  it('redacts secret fields at any depth, whatever their value type, and keeps the rest', () => {
    // Catches: a secret key name dropped from SECRET_KEY (deviceToken, pin, newPassword, citizenIdKey, city.key).
    const line = JSON.stringify({ level: 30, token: 'a', deviceToken: 'b', sessionToken: 'c', pin: 1234, password: 'p"w', newPassword: 'x', citizenIdKey: 'k', pairingCode: '123456', city: { key: 'ck', keyId: 'k1' }, auth: { token: 't' }, authorization: 'Bearer zzz', code: 'forbidden', tokenHash: 'h', msg: 'ok' });
    const out = JSON.parse(redactLogLine(line)) as Record<string, unknown>;
    for (const k of ['token', 'deviceToken', 'sessionToken', 'pin', 'password', 'newPassword', 'citizenIdKey', 'pairingCode', 'authorization']) expect(out[k], k).toBe(REDACTED);
    expect(out.city).toEqual({ key: REDACTED, keyId: 'k1' });
    expect(out.auth).toEqual({ token: REDACTED });
    // Not secrets: error codes, key ids, a token's hash, the message.
    expect(out).toMatchObject({ code: 'forbidden', tokenHash: 'h', msg: 'ok', level: 30 });
  });

  it('redacts token, PIN and password parameters in URLs and messages, and bearer credentials', () => {
    // Catches: URL_PARAM missing the fragment or a parameter after another one.
    const line = JSON.stringify({ req: { url: '/display/?zone=A&token=abc123&lang=vi' }, msg: 'opened /kiosk/#token=xyz; retry with pin=1111 and Bearer abcdefghijkl' });
    const out = redactLogLine(line);
    expect(out).toContain('/display/?zone=A&token=[redacted]&lang=vi');
    expect(out).toContain('/kiosk/#token=[redacted]');
    expect(out).toContain('pin=[redacted]');
    expect(out).toContain('Bearer [redacted]');
    for (const secret of ['abc123', 'xyz', '1111', 'abcdefghijkl']) expect(out).not.toContain(secret);
    expect(() => JSON.parse(out) as unknown).not.toThrow();
  });
});
