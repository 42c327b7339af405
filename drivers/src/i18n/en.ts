/** What the drivers put in front of people, English: exactly the keys of VI. */
import type { Messages } from '@motcua/shared';
import type { VI } from './vi';

export const EN = {
  ticketHeading: 'YOUR NUMBER',
  ticketPriority: 'Priority: {group}',
  ticketPeopleAhead: 'People ahead of you: {n}',
  ticketEstimatedWait: 'Estimated wait: {wait}',
  ticketAppointment: 'Appointment {time}',
  ticketBookedOnline: 'Booked online {time}',
  ticketCounters: '{n, plural, one {Served at counter {list}} other {Served at counters {list}}}',
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
  'print.mayHavePrinted': 'The ticket may have printed (every byte reached the printer); it is not sent again by itself, press reprint if no ticket came out.',
  // The chip reader (src/chip/errors.ts).
  'chip.pcsc_unavailable': 'The PC/SC service is not available.',
  'chip.no_reader': 'No card reader is connected.',
  'chip.reader_unplugged': 'The card reader was unplugged.',
  'chip.no_card': 'No card was placed on the reader in time.',
  'chip.canceled': 'The read was canceled.',
  'chip.card_removed': 'The card was removed during the read.',
  'chip.not_cccd': 'The card is not a chip ID card (no eMRTD application).',
  'chip.access_denied': 'The chip refused access: the document number, date of birth or expiry does not match.',
  'chip.secure_messaging': 'Secure messaging failed (MAC or format).',
  'chip.bad_data': 'The chip data could not be parsed.',
  'chip.inconsistent_data': 'The chip data is inconsistent.',
  'chip.passive_auth_failed': 'Passive authentication failed.',
  'chip.io': 'I/O error talking to the card.',
} as const satisfies Messages<typeof VI>;
