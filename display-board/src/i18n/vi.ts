/** The display board's words, Vietnamese (shown large, English below it). See docs/VIETNAMESE.md. */
import { SHARED_VI } from '@motcua/shared';

export const VI = {
  ...SHARED_VI,
  nowCallingNumber: 'Mời công dân có số',
  announcing: 'đang đọc',
  toCounter: 'đến quầy',
  recallLabel: 'Gọi lại',
  pleaseWait: 'Vui lòng chờ đến lượt',
  recentlyCalled: 'Vừa gọi',
  numberHead: 'Số',
  counterHead: 'Quầy',
  noOtherCalls: 'Chưa có lượt gọi khác hôm nay',
  peopleWaiting: 'người chờ',
  waitFor: 'Chờ dự kiến',
  figuresAsOf: 'Số liệu cập nhật lúc {time}.',
  closedTitle: 'Trung tâm đang ngoài giờ làm việc',
  closedNext: 'Phát số trở lại lúc {time}.',
  closedNoOpening: 'Chưa có giờ mở cửa tiếp theo.',
  enableSound: 'Bấm để bật âm thanh',
  tickerKeepTicket: 'Vui lòng giữ phiếu số thứ tự và chú ý nghe gọi số',
  tickerFollow: 'Quét mã QR trên phiếu để theo dõi lượt của Ông/Bà trên điện thoại',
  tickerPriority: 'Ưu tiên người cao tuổi, người khuyết tật, phụ nữ mang thai, người có công với cách mạng',
  tickerAnywhere: 'Thủ tục được tiếp nhận không phụ thuộc nơi cư trú',
} as const;
