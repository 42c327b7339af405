/** What any socket may read (the live snapshot, a ticket's public status) and nearby wards (paired kiosks and staff only). */
import { fail, ok } from '@motcua/shared';
import type { HubContext as Hub } from '../hub-context';
import { fetchNearbyWards, NearbyCache } from '../sync/nearby';
import type { Handlers } from './commands';

export function publicHandlers(hub: Hub): Handlers<'state:snapshot' | 'ticket:status' | 'city:nearby'> {
  const { config } = hub;
  const city = config.city;
  const nearby = city ? new NearbyCache(() => hub.clock.now(), (fieldCode) => fetchNearbyWards(city.url, config.hubId, fieldCode)) : null;
  return {
    'state:snapshot': ({ actor }) => ok(hub.snapshot(actor.role)),

    'ticket:status': (_ctx, input) => hub.ticketStatus(input.ticketId),

    'city:nearby': async (_ctx, input) => {
      const service = hub.catalog.services().find((s) => s.code === input.serviceCode);
      if (!service) return fail('not_found', `service ${input.serviceCode}`);
      const field = hub.catalog.fields().find((f) => f.id === service.fieldId);
      if (!nearby || !field) return ok([]);
      return nearby.get(field.code);
    },
  };
}
