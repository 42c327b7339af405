/** The audit log: who did what, newest first, filtered by kind, paged back. */
import { useEffect, useState } from 'react';
import { isHubEventType, type AuditEvent, type HubEventType } from '@motcua/shared';
import type { AppContext } from './App';
import { call, errorText } from './hub';
import { fmtDateTime, translate, useTr } from './i18n';
import { useConfig } from './useConfig';

const KINDS = [
  { prefix: '', ...translate.both('kindAll') },
  { prefix: 'config.', ...translate.both('kindConfiguration') },
  { prefix: 'ticket.', ...translate.both('kindTickets') },
  { prefix: 'counter.', ...translate.both('kindCounters') },
  { prefix: 'auth.', ...translate.both('kindSignIn') },
  { prefix: 'device.', ...translate.both('kindDevices') },
  { prefix: 'alarm.', ...translate.both('kindAlarms') },
];

const PAGE = 100;

/**
 * What an event means, for people (vi, en); the code stays visible beside it. One label per type
 * of the shared `HubEvent` union: a new event type without a label fails typecheck.
 */
const EVENT_LABELS: Record<HubEventType, readonly [vi: string, en: string]> = {
  'ticket.issued': ['Lấy số', 'Ticket issued'],
  'ticket.called': ['Gọi số', 'Called'],
  'ticket.dossier_recorded': ['Ghi nhận mã hồ sơ tiếp nhận', 'Dossier code recorded'],
  'ticket.called_specific': ['Gọi số cụ thể (ngoài thứ tự)', 'Called a specific number (out of order)'],
  'ticket.recalled': ['Gọi lại', 'Recalled'],
  'ticket.started': ['Bắt đầu phục vụ', 'Service started'],
  'ticket.finished': ['Hoàn thành', 'Finished'],
  'ticket.no_show': ['Vắng mặt', 'No-show'],
  'ticket.transferred': ['Chuyển', 'Transferred'],
  'ticket.held': ['Tạm giữ', 'Held'],
  'ticket.returned': ['Trả về hàng chờ', 'Returned to queue'],
  'ticket.cancelled': ['Hủy số', 'Cancelled'],
  'ticket.expired': ['Hết hạn cuối ngày', 'Expired at day end'],
  'ticket.rated': ['Đánh giá', 'Rated'],
  'appointment.booked': ['Đặt lịch hẹn', 'Appointment booked'],
  'city.message_applied': ['Nhận tin từ thành phố', 'City message applied'],
  'booking.accepted': ['Nhận lịch hẹn đặt từ xa', 'Home booking accepted'],
  'booking.refused': ['Từ chối lịch hẹn đặt từ xa', 'Home booking refused'],
  'booking.cancelled': ['Hủy lịch hẹn đặt từ xa', 'Home booking cancelled'],
  'booking.no_show': ['Lịch hẹn không đến', 'Home booking: no-show'],
  'team.decided': ['Đội hỗ trợ lưu động: quyết định', 'Mobile support team: decision'],
  'appointment.checked_in': ['Đến theo lịch hẹn', 'Appointment checked in'],
  'counter.opened': ['Mở quầy', 'Counter opened'],
  'counter.paused': ['Tạm dừng quầy', 'Counter paused'],
  'counter.resumed': ['Tiếp tục quầy', 'Counter resumed'],
  'counter.closed': ['Đóng quầy', 'Counter closed'],
  'auth.signed_in': ['Đăng nhập', 'Signed in'],
  'auth.signed_out': ['Đăng xuất', 'Signed out'],
  'auth.locked_out': ['Khóa đăng nhập do nhập sai nhiều lần', 'Locked out after repeated wrong attempts'],
  'auth.unlocked': ['Mở khóa đăng nhập', 'Sign-in unlocked'],
  'device.paired': ['Ghép nối thiết bị', 'Device paired'],
  'device.pairing_code': ['Tạo mã ghép nối', 'Pairing code created'],
  'device.revoked': ['Thu hồi thiết bị', 'Device revoked'],
  'device.online': ['Thiết bị trực tuyến', 'Device online'],
  'device.offline': ['Thiết bị mất kết nối', 'Device offline'],
  'device.health': ['Tình trạng thiết bị', 'Device health'],
  'print.sent': ['Gửi lệnh in phiếu', 'Print job sent'],
  'print.printed': ['In phiếu thành công', 'Ticket printed'],
  'print.failed': ['In phiếu lỗi', 'Print failed'],
  'config.seeded': ['Khởi tạo dữ liệu mẫu', 'Demo data seeded'],
  'config.field_saved': ['Lưu lĩnh vực', 'Field saved'],
  'config.field_deleted': ['Xóa lĩnh vực', 'Field deleted'],
  'config.service_saved': ['Lưu nhóm dịch vụ', 'Service saved'],
  'config.procedure_saved': ['Lưu thủ tục', 'Procedure saved'],
  'config.procedure_deleted': ['Xóa thủ tục', 'Procedure deleted'],
  'config.catalog_imported': ['Nhập danh mục thủ tục', 'Catalogue imported'],
  'config.counter_saved': ['Lưu quầy', 'Counter saved'],
  'config.counter_deleted': ['Xóa quầy', 'Counter deleted'],
  'config.clerk_saved': ['Lưu tài khoản cán bộ', 'Clerk account saved'],
  'config.settings_saved': ['Lưu cấu hình trung tâm', 'Centre settings saved'],
  'config.skill_added': ['Giao kỹ năng tạm thời', 'Temporary skill given'],
  'config.skill_ended': ['Kết thúc kỹ năng tạm thời', 'Temporary skill ended'],
  'alarm.wait_warn': ['Cảnh báo chờ lâu', 'Long wait warning'],
  'alarm.wait_breach': ['Chờ quá ngưỡng', 'Wait target breached'],
  'advice.declined': ['Bỏ qua đề xuất điều phối', 'Staffing advice declined'],
  'day.started': ['Bắt đầu ngày làm việc', 'Business day started'],
  'data.purged': ['Xóa dữ liệu hết hạn lưu trữ', 'Expired data purged'],
  'hub.storage_recovered': ['Máy chủ ghi được dữ liệu trở lại (sau lỗi ổ đĩa)', 'Storage writable again (after a disk error)'],
  'report.week_note': ['Ghi khó khăn, vướng mắc, đề xuất của tuần (gửi thành phố)', 'Week note saved (sent to the city)'],
};

export function Audit({ ctx }: { ctx: AppContext }) {
  const { t, lang } = useTr();
  const { socket, snapshot: s } = ctx;
  const { config } = useConfig(socket, s);
  const [prefix, setPrefix] = useState('');
  const [events, setEvents] = useState<AuditEvent[]>([]);
  const [more, setMore] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = async (before?: number) => {
    const r = await call(socket, 'manager:audit', { typePrefix: prefix, limit: PAGE, ...(before ? { beforeSeq: before } : {}) });
    if (!r.ok) {
      setError(errorText(r.error, lang));
      return;
    }
    setEvents((prev) => (before ? [...prev, ...r.data] : r.data));
    setMore(r.data.length === PAGE);
  };
  useEffect(() => {
    void load();
  }, [prefix, s.seq]);

  const who = (actor: string | null): string => {
    if (!actor) return '—';
    if (actor === 'system') return t('system');
    const m = /^(clerk|manager):([^@]+)(?:@(.+))?$/.exec(actor);
    if (m) {
      const name = config?.clerks.find((c) => c.id === m[2])?.displayName ?? m[2];
      const counter = m[3] ? s.counters.find((c) => c.id === m[3])?.number : null;
      return counter ? `${name} (${t('counterLabel')} ${counter})` : (name ?? actor);
    }
    const d = /^device:(.+)$/.exec(actor);
    if (d) return s.devices.find((x) => x.id === d[1])?.name ?? actor;
    return actor;
  };

  return (
    <section className="card">
      <div className="row-between">
        <h2>{t('auditLog')}</h2>
        <div className="seg">
          {KINDS.map((k) => (
            <button key={k.prefix} type="button" className={prefix === k.prefix ? 'on' : ''} onClick={() => setPrefix(k.prefix)}>
              {lang === 'vi' ? k.vi : k.en}
            </button>
          ))}
        </div>
      </div>
      {error && <p className="error">{error}</p>}
      <table className="table audit" data-testid="audit">
        <thead>
          <tr>
            <th>#</th>
            <th>{t('when')}</th>
            <th>{t('who')}</th>
            <th>{t('event')}</th>
            <th>{t('details')}</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.seq}>
              <td className="muted">{e.seq}</td>
              <td>{fmtDateTime(e.at, s.centre.timeZone)}</td>
              <td>{who(e.actor)}</td>
              <td>
                <EventLabel type={e.type} />
                <code>{e.type}</code>
              </td>
              <td className="payload">{summarize(e.payload)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {more && (
        <button type="button" onClick={() => void load(events[events.length - 1]?.seq)}>
          {t('older')}
        </button>
      )}
    </section>
  );
}

function EventLabel({ type }: { type: string }) {
  const { lang } = useTr();
  // An older or newer hub may log a type this app does not know: the code alone is shown then.
  const label = isHubEventType(type) ? EVENT_LABELS[type] : undefined;
  return label ? <span>{label[lang === 'vi' ? 0 : 1]} </span> : null;
}

function summarize(payload: unknown): string {
  if (!payload || typeof payload !== 'object') return JSON.stringify(payload ?? '');
  return Object.entries(payload as Record<string, unknown>)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' · ')
    .slice(0, 300);
}
