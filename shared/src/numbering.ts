/**
 * Ticket numbers: the service's prefix followed by the day's sequence for that prefix, padded to
 * three digits — prefix "1" gives 1001…1999, "A" gives A001…A999; past 999 the number simply grows
 * (A1000). The sequence comes from a transactional counter in the hub, never from max(number)+1.
 */
export function formatTicketNumber(prefix: string, seqNo: number): string {
  if (!Number.isInteger(seqNo) || seqNo < 1) throw new RangeError(`ticket sequence must be a positive integer, got ${seqNo}`);
  return `${prefix}${String(seqNo).padStart(3, '0')}`;
}

/** The digits of a numeric ticket number, for announcements ("1023" → 1023); null for "A023". */
export function numericTicketValue(number: string): number | null {
  return /^\d+$/.test(number) ? Number(number) : null;
}
