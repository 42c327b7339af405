/** Appointment slots and booking (check-in issues a ticket: tickets.ts). */
import type { HubContext as Hub } from '../hub-context';
import type { Handlers } from './commands';

export function appointmentHandlers(hub: Hub): Handlers<'appointment:slots' | 'appointment:book'> {
  const { queue, config } = hub;
  return {
    'appointment:slots': (_ctx, input) => queue.appointmentSlots(input.serviceId, hub.clock.now(), config.appointments),
    // The idempotency key is the sender's own: another kiosk reusing it books anew, never reads this booking.
    'appointment:book': ({ actor }, input) =>
      hub.exec(actor, (tx) => queue.bookAppointment(tx, { ...input, requestId: `${actor.deviceId ?? actor.clerkId ?? actor.role}:${input.requestId}` }, config.appointments)),
  };
}
