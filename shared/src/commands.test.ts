import { describe, expect, expectTypeOf, it } from 'vitest';
import { COMMAND_NAMES, COMMANDS, type ClientToServerEvents, type CommandData, type CommandInput, type CommandParsed } from './commands';
import type { Counter, Ticket } from './domain';
import type { IssuedTicket, Snapshot } from './protocol';
import type { Result } from './result';

describe('the command table', () => {
  it('names every command once, as area:verb, with at least one sender each', () => {
    expect(new Set(COMMAND_NAMES).size).toBe(COMMAND_NAMES.length);
    expect(COMMAND_NAMES.length).toBeGreaterThan(40);
    for (const name of COMMAND_NAMES) {
      expect(name).toMatch(/^[a-z]+:[a-zA-Z]+$/);
      const { roles } = COMMANDS[name];
      expect(roles.length, name).toBeGreaterThan(0);
      expect(new Set(roles).size, name).toBe(roles.length);
    }
  });

  it('keeps who may send what', () => {
    expect(COMMANDS['device:pair'].roles).toEqual(['public']);
    expect(COMMANDS['print:result'].roles).toEqual(['agent']);
    expect(COMMANDS['ticket:issue'].roles).toEqual(['kiosk', 'manager']);
    for (const name of COMMAND_NAMES.filter((n) => n.startsWith('manager:'))) expect(COMMANDS[name].roles, name).toEqual(['manager']);
  });

  it('validates input with the schema the types come from: defaults apply when parsed', () => {
    const sent: CommandInput<'ticket:issue'> = { serviceId: 's1', requestId: 'tap-00000001' };
    const parsed: CommandParsed<'ticket:issue'> = COMMANDS['ticket:issue'].input.parse(sent);
    expect(parsed).toMatchObject({ channel: 'kiosk', print: true });
    expect(COMMANDS['print:result'].input.safeParse({ jobId: 'j1', ok: false, error: 'paper_out: hết giấy' }).success).toBe(false);
    expect(COMMANDS['print:result'].input.safeParse({ jobId: 'j1', ok: false, error: { code: 'paper_out' } }).success).toBe(true);
  });

  it('derives the socket.io event map: input and answer types per command', () => {
    expectTypeOf<CommandData<'counter:callNext'>>().toEqualTypeOf<Ticket>();
    expectTypeOf<CommandData<'counter:open'>>().toEqualTypeOf<Counter>();
    expectTypeOf<CommandData<'ticket:issue'>>().toEqualTypeOf<IssuedTicket>();
    expectTypeOf<Parameters<ClientToServerEvents['state:snapshot']>[1]>().toEqualTypeOf<(r: Result<Snapshot>) => void>();
    expectTypeOf<CommandInput<'counter:pause'>>().toEqualTypeOf<{ counterId: string; reason: string }>();
  });
});
