/** What the drivers put in front of people, English: exactly the keys of VI. */
import type { Messages } from '@motcua/shared';
import type { VI } from './vi';

export const EN = {
  ticketHeading: 'YOUR NUMBER',
  ticketPriority: 'Priority: {group}',
  ticketPeopleAhead: 'People ahead of you: {n}',
  ticketEstimatedWait: 'Estimated wait: about {min} min',
  ticketScanToFollow: 'Scan to follow your turn',
  'error.disconnected': 'Device disconnected; check the cable and power.',
  'error.timeout': 'Device did not answer in time.',
  'error.canceled': 'Operation canceled.',
  'error.paper_out': 'Printer is out of paper; load a new roll.',
  'error.cover_open': 'Printer cover is open; close it.',
  'error.offline': 'Printer is offline or in error.',
  'error.not_found': 'Device not found.',
  'error.protocol': 'Device sent invalid data.',
  'error.unsupported': 'The device does not support this.',
  'error.io': 'I/O error talking to the device.',
} as const satisfies Messages<typeof VI>;
