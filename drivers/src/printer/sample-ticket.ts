import { formatWaitBoth, type TicketPrintData } from '@motcua/shared';

/** A realistic ticket for tests, the bench and demos; `n` varies number, QR and priority. */
export const sampleTicket = (n: number): TicketPrintData => ({
  centreName: { vi: 'Trung tâm Phục vụ hành chính công phường Gò Vấp', en: 'Go Vap Ward Public Administration Service Centre' },
  serviceName: { vi: 'Hộ tịch — đăng ký khai sinh', en: 'Civil status — birth registration' },
  number: String(1000 + n),
  peopleAhead: n % 17,
  wait: formatWaitBoth({ kind: 'range', low: 10, high: 15 }),
  issuedAt: Date.UTC(2026, 10, 12, 1, 5),
  statusUrl: `http://192.168.1.10:8080/t/01JTICKET${String(n).padStart(6, '0')}`,
  priority: n % 2 ? { vi: 'Người cao tuổi', en: 'Elderly' } : null,
  appointmentAt: n % 3 === 0 ? Date.UTC(2026, 10, 12, 7, 30) : null,
  counterNumbers: [1, 2],
  footer: { vi: 'Vui lòng chú ý bảng hiển thị và loa gọi số', en: 'Please watch the display board' },
});
