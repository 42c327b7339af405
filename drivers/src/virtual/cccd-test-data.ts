/**
 * Invented citizens for the virtual CCCD chip and the tests (no real person: the IDs follow the
 * numbering rule with a random-looking tail that is not issued to anyone we know of).
 */
import type { Dg13 } from '../chip/dg13';

export type TestCitizen = Omit<Dg13, 'other'> & { expiryDate: string };

/**
 * Born 1958 (elderly at 60), female: digit 4 = 1 (20th century, female). Her expiry date is
 * artificial: a real card issued from the age of 58 has none ("Không thời hạn"), and what such a
 * card puts in the MRZ expiry field is not known to us.
 */
export const TEST_CITIZEN: TestCitizen = {
  idNumber: '001158012345',
  fullName: 'Trần Thị Bình',
  dateOfBirth: '1958-03-12',
  sex: 'Nữ',
  nationality: 'Việt Nam',
  ethnicity: 'Kinh',
  religion: 'Không',
  hometown: 'Xã Đông Xuân, Huyện Sóc Sơn, Hà Nội',
  residence: 'Số 12 Ngõ 34 Phố Hàng Bông, Phường Hàng Gai, Quận Hoàn Kiếm, Hà Nội',
  identifyingMarks: 'Nốt ruồi C:1cm trên trước mép trái',
  issueDate: '2021-04-10',
  expiryDate: '2033-03-12',
  fatherName: 'Trần Văn Cường',
  motherName: 'Lê Thị Dung',
  spouseName: null,
  oldIdNumber: '012345678',
};

/** A young man born 2001: digit 4 = 2 (21st century, male). */
export const TEST_CITIZEN_YOUNG: TestCitizen = {
  ...TEST_CITIZEN,
  idNumber: '079201004321',
  fullName: 'Nguyễn Văn An',
  dateOfBirth: '2001-11-30',
  sex: 'Nam',
  issueDate: '2021-12-01',
  expiryDate: '2026-11-30',
  fatherName: 'Nguyễn Văn Bảo',
  motherName: 'Phạm Thị Hoa',
  oldIdNumber: null,
};
