import { describe, expect, it } from 'vitest';
import { AgentConfig } from './config';

describe('AgentConfig', () => {
  it('fills defaults and converts hex USB ids', () => {
    const c = AgentConfig.parse({
      hubUrl: 'http://192.168.1.10:8080',
      deviceToken: 'tok',
      printers: [{ transport: { type: 'usb', vendorId: '0x0416', productId: '5011' } }],
      leds: [{ transport: { type: 'serial', path: '/dev/ttyUSB0' }, protocol: 'addressed', counters: { '3': 5 } }],
    });
    expect(c.printers[0]).toMatchObject({ name: 'printer', widthDots: 576, bidirectional: true, transport: { type: 'usb', vendorId: 0x0416, productId: 0x5011 } });
    expect(c.leds[0]?.transport).toMatchObject({ baudRate: 9600, parity: 'none' });
    expect(c.print).toEqual({ attempts: 3, retryDelayMs: 1500, retryWithinMs: 10_000 });
  });

  it('rejects duplicate device names, bad widths and a missing token', () => {
    const dup = AgentConfig.safeParse({ hubUrl: 'http://h', deviceToken: 't', printers: [{ transport: { type: 'virtual' } }], scanners: [{ name: 'printer', transport: { type: 'virtual' } }] });
    expect(dup.success).toBe(false);
    expect(AgentConfig.safeParse({ hubUrl: 'http://h', deviceToken: 't', printers: [{ widthDots: 500, transport: { type: 'virtual' } }] }).success).toBe(false);
    expect(AgentConfig.safeParse({ hubUrl: 'http://h' }).success).toBe(false);
  });
});
