/**
 * The demo ward: real fields (lĩnh vực) and procedures with national procedure codes as listed on
 * dichvucong.gov.vn, five counters with mixed primary/secondary skills, clerks and a manager.
 * Applied only to an empty database. A real centre imports its own catalogue in the manager app.
 */
import type { Counter, Field, Procedure, Service } from '@motcua/shared';

export const DEMO_FIELDS: Field[] = [
  { id: 'f-chung-thuc', code: 'CT', name: { vi: 'Chứng thực', en: 'Certification' }, sortOrder: 1 },
  { id: 'f-ho-tich', code: 'HT', name: { vi: 'Hộ tịch', en: 'Civil status' }, sortOrder: 2 },
  { id: 'f-dat-dai', code: 'DD', name: { vi: 'Đất đai', en: 'Land' }, sortOrder: 3 },
  { id: 'f-kinh-doanh', code: 'KD', name: { vi: 'Đăng ký kinh doanh', en: 'Business registration' }, sortOrder: 4 },
  { id: 'f-lao-dong', code: 'LD', name: { vi: 'Bảo hiểm xã hội – Lao động', en: 'Social insurance and labour' }, sortOrder: 5 },
  { id: 'f-tra-ket-qua', code: 'TKQ', name: { vi: 'Trả kết quả', en: 'Results collection' }, sortOrder: 6 },
];

export const DEMO_SERVICES: Service[] = [
  { id: 's-chung-thuc', code: 'CT', name: { vi: 'Chứng thực bản sao, chữ ký', en: 'Certified copies and signatures' }, fieldId: 'f-chung-thuc', prefix: '1', expectedServiceMin: 5, active: true },
  { id: 's-ho-tich', code: 'HT', name: { vi: 'Hộ tịch (khai sinh, kết hôn, khai tử)', en: 'Civil status (birth, marriage, death)' }, fieldId: 'f-ho-tich', prefix: '2', expectedServiceMin: 12, active: true },
  { id: 's-dat-dai', code: 'DD', name: { vi: 'Đất đai', en: 'Land' }, fieldId: 'f-dat-dai', prefix: '3', expectedServiceMin: 18, active: true },
  { id: 's-kinh-doanh', code: 'KD', name: { vi: 'Đăng ký hộ kinh doanh', en: 'Household business registration' }, fieldId: 'f-kinh-doanh', prefix: '4', expectedServiceMin: 15, active: true },
  { id: 's-lao-dong', code: 'LD', name: { vi: 'Bảo hiểm xã hội, chính sách', en: 'Social insurance and benefits' }, fieldId: 'f-lao-dong', prefix: '5', expectedServiceMin: 10, active: true },
  { id: 's-tra-ket-qua', code: 'TKQ', name: { vi: 'Nhận kết quả hồ sơ', en: 'Collect results' }, fieldId: 'f-tra-ket-qua', prefix: '6', expectedServiceMin: 3, active: true },
];

const p = (id: string, nationalCode: string, vi: string, en: string, fieldId: string, serviceId: string): Procedure => ({ id, nationalCode, name: { vi, en }, fieldId, serviceId });

export const DEMO_PROCEDURES: Procedure[] = [
  p('p-2000815', '2.000815', 'Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của Việt Nam cấp', 'Certified copy from the original of a Vietnamese document', 'f-chung-thuc', 's-chung-thuc'),
  p('p-2000884', '2.000884', 'Chứng thực chữ ký trong các giấy tờ, văn bản', 'Certification of a signature on a document', 'f-chung-thuc', 's-chung-thuc'),
  p('p-2000913', '2.000913', 'Chứng thực việc sửa đổi, bổ sung, hủy bỏ hợp đồng, giao dịch', 'Certification of amending or cancelling a contract', 'f-chung-thuc', 's-chung-thuc'),
  p('p-1001193', '1.001193', 'Đăng ký khai sinh', 'Birth registration', 'f-ho-tich', 's-ho-tich'),
  p('p-1000894', '1.000894', 'Đăng ký kết hôn', 'Marriage registration', 'f-ho-tich', 's-ho-tich'),
  p('p-1000656', '1.000656', 'Đăng ký khai tử', 'Death registration', 'f-ho-tich', 's-ho-tich'),
  p('p-1004227', '1.004227', 'Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất', 'Registration of changes in land use rights', 'f-dat-dai', 's-dat-dai'),
  p('p-2000720', '2.000720', 'Đăng ký thành lập hộ kinh doanh', 'Registering a household business', 'f-kinh-doanh', 's-kinh-doanh'),
  p('p-1001776', '1.001776', 'Giải quyết hưởng trợ cấp xã hội hàng tháng', 'Monthly social allowance', 'f-lao-dong', 's-lao-dong'),
];

export const DEMO_COUNTERS: Counter[] = [
  { id: 'c1', number: 1, name: { vi: 'Quầy 1', en: 'Counter 1' }, primary: ['s-chung-thuc'], secondary: ['s-ho-tich', 's-tra-ket-qua'], status: 'closed', pauseReason: null, clerkId: null, zone: null },
  { id: 'c2', number: 2, name: { vi: 'Quầy 2', en: 'Counter 2' }, primary: ['s-ho-tich'], secondary: ['s-chung-thuc'], status: 'closed', pauseReason: null, clerkId: null, zone: null },
  { id: 'c3', number: 3, name: { vi: 'Quầy 3', en: 'Counter 3' }, primary: ['s-dat-dai'], secondary: ['s-kinh-doanh'], status: 'closed', pauseReason: null, clerkId: null, zone: null },
  { id: 'c4', number: 4, name: { vi: 'Quầy 4', en: 'Counter 4' }, primary: ['s-kinh-doanh', 's-lao-dong'], secondary: ['s-dat-dai'], status: 'closed', pauseReason: null, clerkId: null, zone: null },
  { id: 'c5', number: 5, name: { vi: 'Quầy 5', en: 'Counter 5' }, primary: ['s-tra-ket-qua'], secondary: ['s-chung-thuc', 's-ho-tich', 's-lao-dong'], status: 'closed', pauseReason: null, clerkId: null, zone: null },
];

export interface DemoAccount {
  id: string;
  username: string;
  displayName: string;
  role: 'clerk' | 'manager';
  password: string;
}

/** Demo credentials, printed by `npm start`. A real centre changes them in the manager app. */
export const DEMO_ACCOUNTS: DemoAccount[] = [
  { id: 'u-manager', username: 'quanly', displayName: 'Nguyễn Thị Hồng (Giám đốc)', role: 'manager', password: 'quanly2025' },
  { id: 'u-1', username: 'canbo1', displayName: 'Trần Văn An', role: 'clerk', password: '1111' },
  { id: 'u-2', username: 'canbo2', displayName: 'Lê Thị Bình', role: 'clerk', password: '2222' },
  { id: 'u-3', username: 'canbo3', displayName: 'Phạm Minh Châu', role: 'clerk', password: '3333' },
  { id: 'u-4', username: 'canbo4', displayName: 'Võ Thị Dung', role: 'clerk', password: '4444' },
  { id: 'u-5', username: 'canbo5', displayName: 'Đặng Quốc Em', role: 'clerk', password: '5555' },
];
