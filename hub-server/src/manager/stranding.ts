/**
 * The rule that keeps configuration from stranding citizens: after a change, every service with
 * people waiting must still have a counter with the skill (primary or secondary), and every ticket
 * sent to a named counter must still have that counter. Pure.
 */
import { servesService, type Counter, type LocalizedText } from '@motcua/shared';
import { say } from '../i18n';

export interface Stranded {
  serviceId: string;
  waiting: number;
}

type Skills = Pick<Counter, 'id' | 'primary' | 'secondary'>;

/** Services that have people waiting and no counter able to serve them once `after` is in force. */
export function strandedServices(waitingByService: Readonly<Record<string, number>>, after: readonly Skills[]): Stranded[] {
  return Object.entries(waitingByService)
    .filter(([serviceId, n]) => n > 0 && !after.some((c) => servesService(c, serviceId)))
    .map(([serviceId, waiting]) => ({ serviceId, waiting }))
    .sort((a, b) => a.serviceId.localeCompare(b.serviceId));
}

/** The explanation a manager reads when a change is refused. */
export function strandedMessage(stranded: readonly Stranded[], serviceName: (id: string) => LocalizedText | undefined): { vi: string; en: string } {
  const vi = stranded.map((s) => say('vi', 'strandedService', { name: serviceName(s.serviceId)?.vi ?? s.serviceId, waiting: s.waiting })).join(', ');
  const en = stranded.map((s) => say('en', 'strandedService', { name: serviceName(s.serviceId)?.en ?? s.serviceId, waiting: s.waiting })).join(', ');
  return say.both('strandedRefused', { services: vi }, { services: en });
}

