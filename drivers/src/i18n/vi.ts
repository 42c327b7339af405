/** What the drivers put in front of people (the printed ticket, device errors), Vietnamese. See docs/VIETNAMESE.md. */
export const VI = {
  ticketHeading: 'SỐ THỨ TỰ',
  ticketPriority: 'Ưu tiên: {group}',
  ticketPeopleAhead: 'Số người đang chờ trước Ông/Bà: {n}',
  ticketEstimatedWait: 'Thời gian chờ dự kiến: khoảng {min} phút',
  ticketScanToFollow: 'Quét mã để theo dõi lượt của Ông/Bà',
  'error.disconnected': 'Mất kết nối với thiết bị, kiểm tra dây cáp/nguồn.',
  'error.timeout': 'Thiết bị không trả lời.',
  'error.canceled': 'Thao tác đã bị hủy.',
  'error.paper_out': 'Máy in hết giấy, hãy thay cuộn giấy.',
  'error.cover_open': 'Nắp máy in đang mở, hãy đóng nắp.',
  'error.offline': 'Máy in đang ngoại tuyến hoặc bị lỗi.',
  'error.not_found': 'Không tìm thấy thiết bị.',
  'error.protocol': 'Thiết bị trả lời dữ liệu không hợp lệ.',
  'error.unsupported': 'Thiết bị không hỗ trợ thao tác này.',
  'error.io': 'Lỗi vào/ra với thiết bị.',
} as const;
