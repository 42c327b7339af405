/**
 * Staffing advice for the manager's dashboard. The advice itself (which counter should take which
 * extra service until when, and the simulated effect) belongs to dispatch; until dispatch exports
 * it, the manager app is told that none is available and the one-click apply
 * (`manager:applySkill`) still works by hand.
 */
import type { StaffingAdviceItem } from '@motcua/shared';
import type { Hub } from '../hub';

export function staffingAdvice(_hub: Hub): { available: boolean; items: StaffingAdviceItem[] } {
  return { available: false, items: [] };
}
