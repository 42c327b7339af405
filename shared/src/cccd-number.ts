/**
 * The CCCD personal identification number (số định danh cá nhân, 12 digits) encodes the birth
 * province, the century of birth with the sex, and the last two digits of the birth year
 * (Decree 137/2015/NĐ-CP art. 7, Circular 07/2016/TT-BCA art. 7):
 *
 *   PPP G YY NNNNNN — PPP: province/country code of birth registration; G: century + sex
 *   (20th century 0 male / 1 female, 21st 2/3, 22nd 4/5, 23rd 6/7, 24th 8/9); YY: birth year mod
 *   100; NNNNNN: random.
 *
 * A card (QR or chip data) whose ID contradicts its own date of birth or sex, or names a province
 * code that does not exist, is not accepted: age priority follows from the date of birth.
 */

/**
 * The province codes PPP: "Danh mục mã tỉnh, thành phố trực thuộc trung ương nơi công dân đăng ký
 * khai sinh", Appendix 1 of Circular 07/2016/TT-BCA (1 February 2016), kept unchanged by Circular
 * 59/2021/TT-BCA and by the Law on Identification 2023 (art. 12): the 63 provinces and centrally-run
 * cities as they were when the 12-digit numbers were introduced.
 *
 * Verified (December 2026) code by code, all 63 codes and names, against two reproductions of that
 * appendix: Hai Phong city portal, "3 số đầu thẻ căn cước thể hiện nơi sinh công dân"
 * (https://thanhphohaiphong.gov.vn/3-so-dau-the-can-cuoc-the-hien-noi-sinh-cong-dan.html) and
 * Thư Viện Pháp Luật, "Tra cứu mã 63 tỉnh thành trên thẻ Căn cước công dân"
 * (https://news.thuvienphapluat.vn/tintuc/vn/ho-tro-phap-luat/tu-van-phap-luat/50225/). No code
 * needed correcting (names now spelled as in the appendix: Hòa Bình, Thanh Hóa, Khánh Hòa); the gaps (003, 005, 007, 009, 013, …, 097+) are gaps in the appendix itself
 * (codes of the 1990s province numbering that no longer existed in 2016).
 *
 * Since 1 July 2025 (Resolution 202/2025/QH15) the country has 34 provinces, each named after one
 * of these. A personal identification number never changes (it is assigned once, at birth
 * registration), so every card issued before the merger keeps its old code and all 63 codes stay
 * valid; no new code table has been published for the 34 provinces, so a number issued after the
 * merger also carries one of these codes.
 *
 * Not covered: Decree 137/2015 art. 7 also allows a *country* code (mã quốc gia) for a citizen whose
 * birth was registered abroad; that list is not in the appendix and has not been found, so such a
 * number is refused as an unknown province (the kiosk then sends the citizen to a clerk, who serves
 * them; nothing is lost). The value is the province's name at the time the code was assigned (for
 * logs and the manager, never shown to the citizen).
 */
export const CCCD_PROVINCE_CODES: Readonly<Record<string, string>> = {
  '001': 'Hà Nội', '002': 'Hà Giang', '004': 'Cao Bằng', '006': 'Bắc Kạn', '008': 'Tuyên Quang', '010': 'Lào Cai',
  '011': 'Điện Biên', '012': 'Lai Châu', '014': 'Sơn La', '015': 'Yên Bái', '017': 'Hòa Bình', '019': 'Thái Nguyên',
  '020': 'Lạng Sơn', '022': 'Quảng Ninh', '024': 'Bắc Giang', '025': 'Phú Thọ', '026': 'Vĩnh Phúc', '027': 'Bắc Ninh',
  '030': 'Hải Dương', '031': 'Hải Phòng', '033': 'Hưng Yên', '034': 'Thái Bình', '035': 'Hà Nam', '036': 'Nam Định',
  '037': 'Ninh Bình', '038': 'Thanh Hóa', '040': 'Nghệ An', '042': 'Hà Tĩnh', '044': 'Quảng Bình', '045': 'Quảng Trị',
  '046': 'Thừa Thiên Huế', '048': 'Đà Nẵng', '049': 'Quảng Nam', '051': 'Quảng Ngãi', '052': 'Bình Định', '054': 'Phú Yên',
  '056': 'Khánh Hòa', '058': 'Ninh Thuận', '060': 'Bình Thuận', '062': 'Kon Tum', '064': 'Gia Lai', '066': 'Đắk Lắk',
  '067': 'Đắk Nông', '068': 'Lâm Đồng', '070': 'Bình Phước', '072': 'Tây Ninh', '074': 'Bình Dương', '075': 'Đồng Nai',
  '077': 'Bà Rịa - Vũng Tàu', '079': 'Hồ Chí Minh', '080': 'Long An', '082': 'Tiền Giang', '083': 'Bến Tre', '084': 'Trà Vinh',
  '086': 'Vĩnh Long', '087': 'Đồng Tháp', '089': 'An Giang', '091': 'Kiên Giang', '092': 'Cần Thơ', '093': 'Hậu Giang',
  '094': 'Sóc Trăng', '095': 'Bạc Liêu', '096': 'Cà Mau',
};

export type CccdNumberProblem = 'format' | 'province' | 'century' | 'birth_year' | 'sex';

export interface CccdNumberCheck {
  ok: boolean;
  problem?: CccdNumberProblem;
  detail?: string;
}

/**
 * Checks `idNumber` against the date of birth (YYYY-MM-DD) and sex ('Nam' | 'Nữ', or MRZ
 * 'M' | 'F'); sex may be null when unknown (then only the century is checked).
 */
export function checkCccdNumber(idNumber: string, dateOfBirth: string, sex: 'Nam' | 'Nữ' | 'M' | 'F' | null): CccdNumberCheck {
  if (!/^\d{12}$/.test(idNumber)) return { ok: false, problem: 'format', detail: 'not 12 digits' };
  if (!Object.hasOwn(CCCD_PROVINCE_CODES, idNumber.slice(0, 3))) return { ok: false, problem: 'province', detail: `province code ${idNumber.slice(0, 3)} does not exist` };
  const year = Number(dateOfBirth.slice(0, 4));
  if (!Number.isInteger(year) || year < 1900 || year > 2399) return { ok: false, problem: 'century', detail: `birth year ${dateOfBirth.slice(0, 4)} out of range` };
  const g = Number(idNumber[3]);
  const century = Math.floor((year - 1900) / 100); // 0 for 19xx, 1 for 20xx…
  if (Math.floor(g / 2) !== century) return { ok: false, problem: 'century', detail: `digit 4 is ${g}, born ${year}` };
  if (idNumber.slice(4, 6) !== String(year % 100).padStart(2, '0')) return { ok: false, problem: 'birth_year', detail: `digits 5–6 are ${idNumber.slice(4, 6)}, born ${year}` };
  if (sex !== null) {
    const female = sex === 'Nữ' || sex === 'F';
    if (g % 2 !== (female ? 1 : 0)) return { ok: false, problem: 'sex', detail: `digit 4 is ${g}, sex ${sex}` };
  }
  return { ok: true };
}
