/**
 * The counter screen's words, Vietnamese first. Shared actions (call next, recall…) come from the
 * one table in @motcua/shared so they read the same on every screen.
 */
import { STRINGS, type Lang } from '@motcua/shared';

const COUNTER_TEXT = {
  clerkScreen: { vi: 'Màn hình cán bộ một cửa', en: 'Clerk counter screen' },
  username: { vi: 'Tên đăng nhập', en: 'Username' },
  pin: { vi: 'Mã PIN', en: 'PIN' },
  chooseCounter: { vi: 'Quầy làm việc', en: 'Counter' },
  counterTaken: { vi: 'đang có cán bộ', en: 'in use' },
  signingIn: { vi: 'Đang đăng nhập…', en: 'Signing in…' },
  noCounters: { vi: 'Chưa tải được danh sách quầy.', en: 'Counters not loaded yet.' },
  noShow: STRINGS.noShow,
  current: { vi: 'Công dân tại quầy', en: 'Citizen at the counter' },
  nobody: { vi: 'Chưa có công dân tại quầy.', en: 'Nobody at the counter.' },
  pressToCall: { vi: 'Nhấn F1 hoặc phím cách để gọi số tiếp theo.', en: 'Press F1 or Space to call the next number.' },
  waited: { vi: 'Đã chờ', en: 'Waited' },
  servingFor: { vi: 'Thời gian phục vụ', en: 'Serving for' },
  recalls: { vi: 'Số lần gọi lại', en: 'Recalls' },
  unknownName: { vi: 'Chưa có tên (không quét CCCD)', en: 'No name (ID card not scanned)' },
  queue: { vi: 'Hàng chờ của quầy', en: 'This counter’s queue' },
  queueEmpty: { vi: 'Không có ai đang chờ quầy này.', en: 'Nobody is waiting for this counter.' },
  queueNote: { vi: 'Số được gọi do máy chủ điều phối (ưu tiên, lịch hẹn, thời gian chờ).', en: 'The hub decides who is called next (priority, appointments, wait).' },
  overTarget: { vi: 'quá', en: 'over' },
  held: { vi: 'Đang tạm giữ tại quầy', en: 'On hold at this counter' },
  secondary: { vi: 'kỹ năng phụ', en: 'secondary' },
  targeted: { vi: 'chuyển đến quầy này', en: 'sent to this counter' },
  appointment: { vi: 'Lịch hẹn', en: 'Appointment' },
  today: { vi: 'Hôm nay của bạn', en: 'Your day' },
  served: { vi: 'Đã phục vụ', en: 'Served' },
  avgService: { vi: 'TB phục vụ', en: 'Avg service' },
  avgRating: { vi: 'Đánh giá TB', en: 'Avg rating' },
  ratingsCount: { vi: 'lượt', en: 'ratings' },
  open: { vi: 'Mở quầy', en: 'Open counter' },
  statusOpen: { vi: 'Đang mở', en: 'Open' },
  statusPaused: { vi: 'Tạm dừng', en: 'Paused' },
  statusClosed: { vi: 'Đóng', en: 'Closed' },
  pausedBanner: { vi: 'Quầy đang tạm dừng', en: 'The counter is paused' },
  closedBanner: { vi: 'Quầy đang đóng. Nhấn P để mở quầy.', en: 'The counter is closed. Press P to open it.' },
  pressPResume: { vi: 'Nhấn P để tiếp tục.', en: 'Press P to resume.' },
  pauseTitle: { vi: 'Tạm dừng quầy — chọn lý do', en: 'Pause the counter — choose a reason' },
  otherReason: { vi: 'Lý do khác…', en: 'Other reason…' },
  confirm: { vi: 'Xác nhận', en: 'Confirm' },
  cancel: { vi: 'Huỷ', en: 'Cancel' },
  transferTitle: { vi: 'Chuyển số', en: 'Transfer ticket' },
  toService: { vi: 'Sang dịch vụ (mọi quầy có kỹ năng)', en: 'To a service (any skilled counter)' },
  toCounter: { vi: 'Sang quầy cụ thể', en: 'To a named counter' },
  dialogKeys: { vi: 'Phím số để chọn · Tab đổi cột · Enter xác nhận · Esc huỷ', en: 'Digits pick · Tab switches column · Enter confirms · Esc cancels' },
  pauseKeys: { vi: 'Phím số để chọn · Enter xác nhận · Esc huỷ', en: 'Digits pick · Enter confirms · Esc cancels' },
  online: { vi: 'Đã kết nối', en: 'Connected' },
  offline: { vi: 'Mất kết nối — đang kết nối lại…', en: 'Disconnected — reconnecting…' },
  sending: { vi: 'Đang gửi…', en: 'Sending…' },
  ratingWaiting: { vi: 'Đang chờ công dân đánh giá số', en: 'Waiting for the citizen to rate' },
  ratingReceived: { vi: 'Đã nhận đánh giá số', en: 'Rating received for' },
  signOutConfirm: { vi: 'Đăng xuất khỏi quầy?', en: 'Sign out of this counter?' },
  shortcuts: { vi: 'Phím tắt', en: 'Shortcuts' },
  called: STRINGS.called,
  recalledNotice: { vi: 'Đã gọi lại số', en: 'Recalled' },
  calledNotice: { vi: 'Đã gọi số', en: 'Called' },
  finishedNotice: { vi: 'Đã hoàn thành số', en: 'Finished' },
  noShowNotice: { vi: 'Đã chuyển sang vắng mặt số', en: 'Marked as no-show' },
  heldNotice: { vi: 'Đã tạm giữ số', en: 'Put on hold' },
  returnedNotice: { vi: 'Đã trả về hàng chờ số', en: 'Returned to the queue' },
  startedNotice: { vi: 'Bắt đầu phục vụ số', en: 'Started serving' },
  transferredNotice: { vi: 'Đã chuyển số', en: 'Transferred' },
  pausedNotice: { vi: 'Đã tạm dừng quầy', en: 'Counter paused' },
  resumedNotice: { vi: 'Quầy tiếp tục phục vụ', en: 'Counter resumed' },
  openedNotice: { vi: 'Đã mở quầy', en: 'Counter opened' },
  refreshed: { vi: 'Màn hình đã được làm mới.', en: 'The screen was refreshed.' },
  // rating view
  ratingTitle: { vi: 'Ông/bà có hài lòng với việc giải quyết hồ sơ?', en: 'Were you satisfied with the service?' },
  ratingFor: { vi: 'Đánh giá cho số', en: 'Rating for number' },
  reasonTitle: { vi: 'Xin cho biết điều chúng tôi cần cải thiện', en: 'Please tell us what we should improve' },
  skip: { vi: 'Bỏ qua', en: 'Skip' },
  thanks: { vi: 'Xin cảm ơn ông/bà đã đánh giá!', en: 'Thank you for your feedback!' },
  ratingIdle: { vi: 'Xin kính chào quý công dân', en: 'Welcome' },
  ratingIdleHint: { vi: 'Sau khi hoàn thành hồ sơ, xin vui lòng đánh giá tại đây.', en: 'After your visit, please rate our service here.' },
  secondsLeft: { vi: 'giây', en: 's' },
  retry: { vi: 'Gửi lại', en: 'Send again' },
  ratingSignInTitle: { vi: 'Ghép màn hình đánh giá với quầy', en: 'Pair this rating screen with a counter' },
  ratingSignInHint: {
    vi: 'Cán bộ đăng nhập một lần trên máy tính bảng đặt tại quầy. Màn hình này chỉ dùng để công dân đánh giá.',
    en: 'The clerk signs in once on the tablet at the counter. This screen is only for citizens’ ratings.',
  },
  pair: { vi: 'Ghép nối', en: 'Pair' },
} as const satisfies Record<string, { vi: string; en: string }>;

export const TEXT = { ...STRINGS, ...COUNTER_TEXT };
export type TextKey = keyof typeof TEXT;

export function tr(key: TextKey, lang: Lang): string {
  return TEXT[key][lang];
}

export function minutesText(min: number | null, lang: Lang): string {
  if (min === null) return '—';
  return `${Number.isInteger(min) ? min : min.toFixed(1)} ${STRINGS.minutes[lang]}`;
}

/** "09:05" in the centre's time zone. */
export function clockText(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat('vi-VN', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone }).format(at);
}
