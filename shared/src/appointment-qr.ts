/**
 * Appointment QR codes carry `MOTCUA:APPT:<code>` (what the kiosk shows after booking, and what the
 * city's booking site prints for a booking made from home: city-channel.ts) or a link ending in
 * `/a/<code>`. Codes are 4–16 letters and digits (kiosk codes 6, home-booking codes 10–16). Read by the hub (serial scanners through the agent) and by the kiosk
 * (keyboard-wedge scanners), so both understand the same codes.
 */
export const APPOINTMENT_QR_PREFIX = 'MOTCUA:APPT:';

export function appointmentQrPayload(code: string): string {
  return `${APPOINTMENT_QR_PREFIX}${code}`;
}

/** The booking code in a scanned appointment QR, or null if the text is not one (a bare code is never guessed). */
export function parseAppointmentQr(text: string): string | null {
  const t = text.trim();
  const m = /^MOTCUA:APPT:([A-Za-z0-9]{4,16})$/i.exec(t) ?? /^https?:\/\/[^\s]+\/a\/([A-Za-z0-9]{4,16})\/?$/.exec(t);
  return m?.[1] ? m[1].toUpperCase() : null;
}
