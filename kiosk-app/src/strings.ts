/**
 * The kiosk's own words, Vietnamese first. Shared words (ticket states, "minutes", "counter")
 * come from `STRINGS` in shared; these are the ones only the kiosk says. `{name}` placeholders
 * are filled by `fmt`.
 */
import { STRINGS, type Lang } from '@motcua/shared';

export type Text = { vi: string; en: string };

export const K = {
  ...STRINGS,
  switchLang: { vi: 'English', en: 'Tiếng Việt' },
  homeTitle: { vi: 'Lấy số thứ tự', en: 'Take a ticket' },
  homeHint: { vi: 'Chạm vào lĩnh vực bạn cần giải quyết', en: 'Tap the area your matter belongs to' },
  scanHint: { vi: 'Có thẻ căn cước (CCCD)? Đưa mã QR mặt sau thẻ vào máy quét để được chào tên và ưu tiên nếu có.', en: 'Have your citizen ID card (CCCD)? Hold the QR code on its back to the scanner to be greeted and get priority if eligible.' },
  searchButton: { vi: 'Tìm thủ tục theo tên hoặc mã', en: 'Find a procedure by name or code' },
  appointmentButton: { vi: 'Tôi đã có lịch hẹn', en: 'I have an appointment' },
  back: { vi: 'Quay lại', en: 'Back' },
  home: { vi: 'Về trang đầu', en: 'Start over' },
  done: { vi: 'Xong', en: 'Done' },
  searchPlaceholder: { vi: 'Gõ tên thủ tục hoặc mã (vd. khai sinh, 1.001193)', en: 'Type a procedure name or code (e.g. birth, 1.001193)' },
  searchTitle: { vi: 'Tìm thủ tục', en: 'Find a procedure' },
  noResults: { vi: 'Không tìm thấy thủ tục phù hợp. Hãy thử từ khác hoặc hỏi cán bộ hướng dẫn.', en: 'No matching procedure. Try another word or ask a member of staff.' },
  procedureCode: { vi: 'Mã {code}', en: 'Code {code}' },
  waitAbout: { vi: 'Chờ khoảng {min} phút', en: 'About {min} min wait' },
  noWait: { vi: 'Gần như không phải chờ', en: 'Almost no wait' },
  nobodyWaitingShort: { vi: 'Không có ai đang chờ', en: 'Nobody waiting' },
  underMinute: { vi: 'dưới 1 phút', en: 'under 1 min' },
  waitingCount: { vi: '{n} người đang chờ', en: '{n} waiting' },
  otherProcedure: { vi: 'Thủ tục khác trong lĩnh vực này', en: 'Another procedure in this area' },
  confirmTitle: { vi: 'Xác nhận lấy số', en: 'Confirm your ticket' },
  takeTicketButton: { vi: 'Lấy số', en: 'Take a ticket' },
  nowWaiting: { vi: 'Hiện có {n} người chờ, dự kiến khoảng {min} phút.', en: '{n} people waiting now, about {min} minutes.' },
  nobodyWaiting: { vi: 'Hiện không có ai đang chờ trước bạn.', en: 'Nobody is waiting ahead of you right now.' },
  longWait: { vi: 'Thời gian chờ lúc này khoảng {min} phút, lâu hơn mức {target} phút mà trung tâm cam kết.', en: 'The wait right now is about {min} minutes, longer than the {target}-minute target of this centre.' },
  longWaitOffer: { vi: 'Bạn có thể hẹn một giờ khác trong hôm nay để không phải chờ.', en: 'You can book a later time today instead of waiting.' },
  bookLater: { vi: 'Hẹn giờ khác hôm nay', en: 'Book a later time today' },
  nearbyTitle: { vi: 'Phường lân cận ít chờ hơn', en: 'Nearby wards with shorter waits' },
  scanTitle: { vi: 'Quét thẻ căn cước (không bắt buộc)', en: 'Scan your ID card (optional)' },
  scanBody: { vi: 'Đưa mã QR ở mặt sau thẻ CCCD vào máy quét.', en: 'Hold the QR code on the back of your CCCD to the scanner.' },
  privacyNotice: {
    vi: 'Thông tin trên thẻ chỉ dùng để cấp số và xét ưu tiên. Số CCCD chỉ được lưu ở dạng mã hoá một chiều; họ tên được xoá sau {days} ngày (Nghị định 13/2023/NĐ-CP).',
    en: 'Card data is used only for your ticket and priority. The ID number is kept only as a one-way hash; your name is erased after {days} days (Decree 13/2023/NĐ-CP).',
  },
  privacyNoticeToday: {
    vi: 'Thông tin trên thẻ chỉ dùng để cấp số và xét ưu tiên. Số CCCD chỉ được lưu ở dạng mã hoá một chiều; họ tên được xoá khi hết ngày (Nghị định 13/2023/NĐ-CP).',
    en: 'Card data is used only for your ticket and priority. The ID number is kept only as a one-way hash; your name is erased at the end of the day (Decree 13/2023/NĐ-CP).',
  },
  hello: { vi: 'Xin chào, {name}!', en: 'Hello, {name}!' },
  helloNoName: { vi: 'Xin chào! Đã đọc thẻ căn cước của bạn.', en: 'Hello! Your ID card has been read.' },
  cardRead: { vi: 'Thẻ CCCD {masked}', en: 'ID card {masked}' },
  forgetCard: { vi: 'Không dùng thẻ này', en: 'Do not use this card' },
  priorityAuto: { vi: 'Bạn được ưu tiên: {group} (từ {age} tuổi).', en: 'You have priority: {group} (aged {age} or over).' },
  priorityChosen: { vi: 'Ưu tiên: {group}', en: 'Priority: {group}' },
  priorityAsk: { vi: 'Tôi thuộc diện ưu tiên', en: 'I am entitled to priority' },
  priorityNone: { vi: 'Không ưu tiên', en: 'No priority' },
  priorityHint: { vi: 'Chọn nếu bạn thuộc một trong các nhóm sau. Cán bộ có thể kiểm tra giấy tờ.', en: 'Choose if one of these applies to you. Staff may ask for proof.' },
  scanErrorTitle: { vi: 'Không đọc được mã QR', en: 'Could not read that QR code' },
  scanErrorHelp: { vi: 'Hãy quét mã QR ở mặt sau thẻ căn cước, hoặc bỏ qua bước này và bấm "Lấy số".', en: 'Scan the QR code on the back of your ID card, or skip this and tap "Take a ticket".' },
  cardUnreadable: { vi: 'Mã QR trên thẻ căn cước không đọc được.', en: 'The QR code on this ID card could not be read.' },
  foreignQr: { vi: 'Mã QR này không phải thẻ căn cước hay mã lịch hẹn.', en: 'This QR code is not a citizen ID card or an appointment code.' },
  scanNeedsCheckIn: { vi: 'Mã lịch hẹn đã được đọc. Đang nhận số…', en: 'Appointment code read. Getting your ticket…' },
  issuing: { vi: 'Đang lấy số…', en: 'Getting your ticket…' },
  issuingOffline: { vi: 'Mất kết nối với máy chủ. Máy đang tự thử lại — số của bạn sẽ hiện ra ngay khi có kết nối. Xin đừng rời đi.', en: 'Lost the connection to the server. Retrying by itself — your number will appear as soon as it is back. Please stay.' },
  issuingSlow: { vi: 'Máy chủ đang trả lời chậm, vẫn đang thử…', en: 'The server is slow to answer; still trying…' },
  yourNumberIs: { vi: 'Số thứ tự của bạn', en: 'Your number' },
  whereToWait: { vi: 'Mời bạn ngồi chờ. Khi đến lượt, bảng và loa sẽ mời bạn đến {counters}.', en: 'Please take a seat. When it is your turn the board and speakers will call you to {counters}.' },
  whereToWaitAny: { vi: 'Mời bạn ngồi chờ. Khi đến lượt, bảng và loa sẽ mời bạn đến quầy.', en: 'Please take a seat. The board and speakers will call you to a counter.' },
  counterList: { vi: 'quầy {list}', en: 'counter {list}' },
  or: { vi: 'hoặc', en: 'or' },
  minutesShort: { vi: '{min} phút', en: '{min} min' },
  peopleAheadLabel: { vi: 'Người chờ trước bạn', en: 'People ahead of you' },
  estimatedWaitLabel: { vi: 'Thời gian chờ dự kiến', en: 'Estimated wait' },
  scanToFollow: { vi: 'Quét mã để theo dõi số trên điện thoại', en: 'Scan to follow your number on your phone' },
  longWaitSorry: { vi: 'Hôm nay phải chờ lâu hơn mức {target} phút. Xin lỗi bạn vì sự bất tiện. Bạn có thể theo dõi số trên điện thoại và quay lại sau.', en: 'Today’s wait is longer than the {target}-minute target. We are sorry. You can follow your number on your phone and come back later.' },
  printing: { vi: 'Đang in phiếu… Mời nhận phiếu ở khe bên dưới.', en: 'Printing… Please take your ticket from the slot below.' },
  printNone: { vi: 'Máy in chưa sẵn sàng nên không in được phiếu. Số của bạn vẫn có hiệu lực: hãy chụp ảnh màn hình hoặc mã QR này.', en: 'The printer is not available, so no paper ticket. Your number is valid: take a photo of this screen or its QR code.' },
  printUnknown: { vi: 'Số này đã được cấp trước đó. Nếu bạn chưa có phiếu giấy, hãy chụp ảnh mã QR hoặc bấm "In lại".', en: 'This number was issued already. If you have no paper ticket, take a photo of the QR code or tap "Print again".' },
  printFailed: { vi: 'Không in được phiếu: {reason}', en: 'Could not print the ticket: {reason}' },
  printFailedKeep: { vi: 'Số của bạn vẫn có hiệu lực. Hãy chụp ảnh mã QR hoặc ghi nhớ số. Cán bộ đã được báo.', en: 'Your number is still valid. Take a photo of the QR code or note the number. Staff have been told.' },
  reprint: { vi: 'In lại', en: 'Print again' },
  reprintSent: { vi: 'Đã gửi lệnh in lại.', en: 'Sent to the printer again.' },
  printerTrouble: { vi: 'Máy in đang gặp sự cố ({reason}). Bạn vẫn lấy số được: số sẽ hiện trên màn hình để chụp ảnh.', en: 'The printer has a problem ({reason}). You can still take a ticket: it will be shown on screen for you to photograph.' },
  unprintedTicket: { vi: 'Phiếu số {number} chưa in được ({reason}). Chạm để xem lại số và mã QR.', en: 'Ticket {number} was not printed ({reason}). Tap to see the number and QR code again.' },
  checkInTitle: { vi: 'Nhận số theo lịch hẹn', en: 'Check in for an appointment' },
  checkInHint: { vi: 'Nhập mã lịch hẹn (gồm chữ và số) hoặc quét mã QR lịch hẹn.', en: 'Enter your booking code (letters and digits) or scan its QR code.' },
  checkInButton: { vi: 'Nhận số', en: 'Check in' },
  checkInNotFound: { vi: 'Không tìm thấy lịch hẹn với mã này. Hãy kiểm tra lại mã.', en: 'No appointment with that code. Please check the code.' },
  checkInInvalid: { vi: 'Lịch hẹn này đã huỷ hoặc đã hết hạn. Bạn có thể lấy số thường.', en: 'This appointment was cancelled or has expired. You can take a normal ticket.' },
  slotsTitle: { vi: 'Chọn giờ hẹn hôm nay', en: 'Choose a time today' },
  slotsHint: { vi: 'Đến đúng giờ hẹn và nhập mã lịch hẹn tại máy này để nhận số ưu tiên theo giờ.', en: 'Come back at that time and enter the booking code here to get a timed ticket.' },
  slotsNone: { vi: 'Hôm nay không còn giờ hẹn trống cho thủ tục này.', en: 'There are no free times left today for this procedure.' },
  slotsUnavailable: { vi: 'Trung tâm chưa mở đặt lịch hẹn cho thủ tục này.', en: 'Appointments are not available for this procedure.' },
  slotTaken: { vi: 'Giờ này vừa hết chỗ. Vui lòng chọn giờ khác.', en: 'That time just filled up. Please choose another.' },
  slotFree: { vi: 'còn {n} chỗ', en: '{n} left' },
  bookedTitle: { vi: 'Đã đặt lịch hẹn', en: 'Appointment booked' },
  bookedAt: { vi: 'Mời bạn quay lại lúc {time} hôm nay.', en: 'Please come back at {time} today.' },
  bookedCode: { vi: 'Mã lịch hẹn', en: 'Booking code' },
  bookedHelp: { vi: 'Chụp ảnh màn hình này. Khi quay lại, chạm "Tôi đã có lịch hẹn" và nhập mã hoặc quét mã QR.', en: 'Take a photo of this screen. When you come back, tap "I have an appointment" and enter the code or scan the QR code.' },
  takeInstead: { vi: 'Vẫn lấy số chờ ngay', en: 'Take a ticket and wait anyway' },
  idleWarning: { vi: 'Màn hình sẽ trở về trang đầu sau {sec} giây.', en: 'Returning to the start in {sec} seconds.' },
  stillHere: { vi: 'Tôi vẫn đang dùng', en: 'I am still here' },
  offline: { vi: 'Đang kết nối lại với máy chủ… Xin vui lòng chờ trong giây lát.', en: 'Reconnecting to the server… Please wait a moment.' },
  errorTryAgain: { vi: 'Có lỗi: {message} Vui lòng thử lại hoặc hỏi cán bộ.', en: 'Something went wrong: {message} Please try again or ask staff.' },
  pairTitle: { vi: 'Ghép nối máy lấy số', en: 'Pair this kiosk' },
  pairHint: { vi: 'Dành cho cán bộ kỹ thuật: nhập mã ghép nối 6 chữ số tạo cho máy lấy số trong ứng dụng quản lý.', en: 'For technicians: enter the 6-digit kiosk pairing code made in the manager app.' },
  pairButton: { vi: 'Ghép nối', en: 'Pair' },
  pairAgain: { vi: 'Máy cần được ghép nối lại (mã thiết bị không còn hiệu lực).', en: 'This kiosk must be paired again (its device token is no longer valid).' },
  versionMismatch: { vi: 'Máy chủ vừa được cập nhật. Đang tải lại…', en: 'The server was updated. Reloading…' },
  clear: { vi: 'Xoá', en: 'Clear' },
  space: { vi: 'Dấu cách', en: 'Space' },
  statusTitle: { vi: 'Theo dõi số thứ tự', en: 'Follow your number' },
  statusCalled: { vi: 'Mời bạn đến {counter}', en: 'Please go to {counter}' },
  statusServing: { vi: 'Đang được phục vụ tại {counter}', en: 'Being served at {counter}' },
  statusWaiting: { vi: 'Đang chờ', en: 'Waiting' },
  statusDone: { vi: 'Đã hoàn thành. Cảm ơn bạn!', en: 'Finished. Thank you!' },
  statusNoShow: { vi: 'Đã qua lượt vì vắng mặt. Vui lòng hỏi cán bộ hướng dẫn.', en: 'Your turn passed while you were away. Please ask a member of staff.' },
  statusCancelled: { vi: 'Số này đã bị huỷ.', en: 'This ticket was cancelled.' },
  statusHeld: { vi: 'Hồ sơ đang tạm giữ. Cán bộ sẽ gọi lại bạn.', en: 'Your case is on hold. Staff will call you again.' },
  statusNotFound: { vi: 'Không tìm thấy số thứ tự này.', en: 'This ticket was not found.' },
  statusUpdated: { vi: 'Cập nhật lúc {time}', en: 'Updated at {time}' },
  statusLive: { vi: 'Trang tự cập nhật, không cần tải lại.', en: 'This page updates by itself.' },
} as const satisfies Record<string, Text>;

export type KeyOf = keyof typeof K;

export function fmt(template: string, vars: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

export function tr(lang: Lang, key: KeyOf, vars?: Record<string, string | number>): string {
  return fmt(K[key][lang], vars);
}

/** "1, 2 hoặc 5" / "1, 2 or 5". */
export function joinOr(items: (string | number)[], lang: Lang): string {
  const s = items.map(String);
  if (s.length <= 1) return s.join('');
  return `${s.slice(0, -1).join(', ')} ${K.or[lang]} ${s.at(-1)}`;
}
