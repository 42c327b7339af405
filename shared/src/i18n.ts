/**
 * UI strings, Vietnamese first and English second. One table serves every app, so the same
 * action reads the same on the kiosk, the counter and the manager screen.
 */
export type Lang = 'vi' | 'en';

export const STRINGS = {
  appName: { vi: 'Một Cửa', en: 'One-Stop Shop' },
  centreTitle: { vi: 'Trung tâm Phục vụ hành chính công', en: 'Public Administration Service Centre' },
  takeTicket: { vi: 'Lấy số thứ tự', en: 'Take a ticket' },
  chooseField: { vi: 'Chọn lĩnh vực', en: 'Choose a field' },
  chooseService: { vi: 'Chọn thủ tục', en: 'Choose a procedure' },
  yourNumber: { vi: 'Số thứ tự của bạn', en: 'Your number' },
  peopleAhead: { vi: 'Số người đang chờ trước bạn', en: 'People ahead of you' },
  estimatedWait: { vi: 'Thời gian chờ dự kiến', en: 'Estimated wait' },
  minutes: { vi: 'phút', en: 'min' },
  nowCalling: { vi: 'Mời công dân', en: 'Now calling' },
  counter: { vi: 'Quầy', en: 'Counter' },
  waiting: { vi: 'Đang chờ', en: 'Waiting' },
  called: { vi: 'Đã gọi', en: 'Called' },
  serving: { vi: 'Đang phục vụ', en: 'Serving' },
  held: { vi: 'Tạm giữ', en: 'On hold' },
  done: { vi: 'Đã xong', en: 'Done' },
  noShow: { vi: 'Vắng mặt', en: 'No-show' },
  cancelled: { vi: 'Đã huỷ', en: 'Cancelled' },
  callNext: { vi: 'Gọi số tiếp theo', en: 'Call next' },
  recall: { vi: 'Gọi lại', en: 'Recall' },
  start: { vi: 'Bắt đầu', en: 'Start' },
  finish: { vi: 'Hoàn thành', en: 'Finish' },
  transfer: { vi: 'Chuyển', en: 'Transfer' },
  hold: { vi: 'Tạm giữ', en: 'Hold' },
  returnToQueue: { vi: 'Trả về hàng chờ', en: 'Return to queue' },
  pause: { vi: 'Tạm dừng', en: 'Pause' },
  resume: { vi: 'Tiếp tục', en: 'Resume' },
  signIn: { vi: 'Đăng nhập', en: 'Sign in' },
  signOut: { vi: 'Đăng xuất', en: 'Sign out' },
  reconnecting: { vi: 'Đang kết nối lại với máy chủ…', en: 'Reconnecting to the hub…' },
  ticketFooter: { vi: 'Vui lòng chờ đến lượt. Xin cảm ơn!', en: 'Please wait for your turn. Thank you!' },
} as const satisfies Record<string, { vi: string; en: string }>;

export type StringKey = keyof typeof STRINGS;

export function t(key: StringKey, lang: Lang = 'vi'): string {
  return STRINGS[key][lang];
}

export const TICKET_STATE_LABELS = {
  waiting: STRINGS.waiting,
  called: STRINGS.called,
  serving: STRINGS.serving,
  held: STRINGS.held,
  done: STRINGS.done,
  no_show: STRINGS.noShow,
  cancelled: STRINGS.cancelled,
} as const;
