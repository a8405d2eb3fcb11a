/**
 * England and Wales bank holidays: reminders due on one of these days go out on the working day
 * before. Written by scripts/update-bank-holidays.ts (see there, and docs/domain.md, for how to
 * update it); years after BANK_HOLIDAYS_ANNOUNCED_UNTIL follow the usual pattern until GOV.UK
 * announces them. Data only: no network call.
 */
export interface BankHoliday {
  date: string;
  title: string;
}

/** The last year whose dates come from GOV.UK's announcement rather than the usual pattern. */
export const BANK_HOLIDAYS_ANNOUNCED_UNTIL = 2027;

export const BANK_HOLIDAYS: readonly BankHoliday[] = [
  // 2024
  { date: '2024-01-01', title: 'New Year’s Day' },
  { date: '2024-03-29', title: 'Good Friday' },
  { date: '2024-04-01', title: 'Easter Monday' },
  { date: '2024-05-06', title: 'Early May bank holiday' },
  { date: '2024-05-27', title: 'Spring bank holiday' },
  { date: '2024-08-26', title: 'Summer bank holiday' },
  { date: '2024-12-25', title: 'Christmas Day' },
  { date: '2024-12-26', title: 'Boxing Day' },
  // 2025
  { date: '2025-01-01', title: 'New Year’s Day' },
  { date: '2025-04-18', title: 'Good Friday' },
  { date: '2025-04-21', title: 'Easter Monday' },
  { date: '2025-05-05', title: 'Early May bank holiday' },
  { date: '2025-05-26', title: 'Spring bank holiday' },
  { date: '2025-08-25', title: 'Summer bank holiday' },
  { date: '2025-12-25', title: 'Christmas Day' },
  { date: '2025-12-26', title: 'Boxing Day' },
  // 2026
  { date: '2026-01-01', title: 'New Year’s Day' },
  { date: '2026-04-03', title: 'Good Friday' },
  { date: '2026-04-06', title: 'Easter Monday' },
  { date: '2026-05-04', title: 'Early May bank holiday' },
  { date: '2026-05-25', title: 'Spring bank holiday' },
  { date: '2026-08-31', title: 'Summer bank holiday' },
  { date: '2026-12-25', title: 'Christmas Day' },
  { date: '2026-12-28', title: 'Boxing Day' },
  // 2027
  { date: '2027-01-01', title: 'New Year’s Day' },
  { date: '2027-03-26', title: 'Good Friday' },
  { date: '2027-03-29', title: 'Easter Monday' },
  { date: '2027-05-03', title: 'Early May bank holiday' },
  { date: '2027-05-31', title: 'Spring bank holiday' },
  { date: '2027-08-30', title: 'Summer bank holiday' },
  { date: '2027-12-27', title: 'Christmas Day' },
  { date: '2027-12-28', title: 'Boxing Day' },
  // 2028 (projected)
  { date: '2028-01-03', title: 'New Year’s Day' },
  { date: '2028-04-14', title: 'Good Friday' },
  { date: '2028-04-17', title: 'Easter Monday' },
  { date: '2028-05-01', title: 'Early May bank holiday' },
  { date: '2028-05-29', title: 'Spring bank holiday' },
  { date: '2028-08-28', title: 'Summer bank holiday' },
  { date: '2028-12-25', title: 'Christmas Day' },
  { date: '2028-12-26', title: 'Boxing Day' },
  // 2029 (projected)
  { date: '2029-01-01', title: 'New Year’s Day' },
  { date: '2029-03-30', title: 'Good Friday' },
  { date: '2029-04-02', title: 'Easter Monday' },
  { date: '2029-05-07', title: 'Early May bank holiday' },
  { date: '2029-05-28', title: 'Spring bank holiday' },
  { date: '2029-08-27', title: 'Summer bank holiday' },
  { date: '2029-12-25', title: 'Christmas Day' },
  { date: '2029-12-26', title: 'Boxing Day' },
  // 2030 (projected)
  { date: '2030-01-01', title: 'New Year’s Day' },
  { date: '2030-04-19', title: 'Good Friday' },
  { date: '2030-04-22', title: 'Easter Monday' },
  { date: '2030-05-06', title: 'Early May bank holiday' },
  { date: '2030-05-27', title: 'Spring bank holiday' },
  { date: '2030-08-26', title: 'Summer bank holiday' },
  { date: '2030-12-25', title: 'Christmas Day' },
  { date: '2030-12-26', title: 'Boxing Day' },
  // 2031 (projected)
  { date: '2031-01-01', title: 'New Year’s Day' },
  { date: '2031-04-11', title: 'Good Friday' },
  { date: '2031-04-14', title: 'Easter Monday' },
  { date: '2031-05-05', title: 'Early May bank holiday' },
  { date: '2031-05-26', title: 'Spring bank holiday' },
  { date: '2031-08-25', title: 'Summer bank holiday' },
  { date: '2031-12-25', title: 'Christmas Day' },
  { date: '2031-12-26', title: 'Boxing Day' },
  // 2032 (projected)
  { date: '2032-01-01', title: 'New Year’s Day' },
  { date: '2032-03-26', title: 'Good Friday' },
  { date: '2032-03-29', title: 'Easter Monday' },
  { date: '2032-05-03', title: 'Early May bank holiday' },
  { date: '2032-05-31', title: 'Spring bank holiday' },
  { date: '2032-08-30', title: 'Summer bank holiday' },
  { date: '2032-12-27', title: 'Christmas Day' },
  { date: '2032-12-28', title: 'Boxing Day' },
  // 2033 (projected)
  { date: '2033-01-03', title: 'New Year’s Day' },
  { date: '2033-04-15', title: 'Good Friday' },
  { date: '2033-04-18', title: 'Easter Monday' },
  { date: '2033-05-02', title: 'Early May bank holiday' },
  { date: '2033-05-30', title: 'Spring bank holiday' },
  { date: '2033-08-29', title: 'Summer bank holiday' },
  { date: '2033-12-26', title: 'Boxing Day' },
  { date: '2033-12-27', title: 'Christmas Day' },
  // 2034 (projected)
  { date: '2034-01-02', title: 'New Year’s Day' },
  { date: '2034-04-07', title: 'Good Friday' },
  { date: '2034-04-10', title: 'Easter Monday' },
  { date: '2034-05-01', title: 'Early May bank holiday' },
  { date: '2034-05-29', title: 'Spring bank holiday' },
  { date: '2034-08-28', title: 'Summer bank holiday' },
  { date: '2034-12-25', title: 'Christmas Day' },
  { date: '2034-12-26', title: 'Boxing Day' },
  // 2035 (projected)
  { date: '2035-01-01', title: 'New Year’s Day' },
  { date: '2035-03-23', title: 'Good Friday' },
  { date: '2035-03-26', title: 'Easter Monday' },
  { date: '2035-05-07', title: 'Early May bank holiday' },
  { date: '2035-05-28', title: 'Spring bank holiday' },
  { date: '2035-08-27', title: 'Summer bank holiday' },
  { date: '2035-12-25', title: 'Christmas Day' },
  { date: '2035-12-26', title: 'Boxing Day' },
  // 2036 (projected)
  { date: '2036-01-01', title: 'New Year’s Day' },
  { date: '2036-04-11', title: 'Good Friday' },
  { date: '2036-04-14', title: 'Easter Monday' },
  { date: '2036-05-05', title: 'Early May bank holiday' },
  { date: '2036-05-26', title: 'Spring bank holiday' },
  { date: '2036-08-25', title: 'Summer bank holiday' },
  { date: '2036-12-25', title: 'Christmas Day' },
  { date: '2036-12-26', title: 'Boxing Day' },
  // 2037 (projected)
  { date: '2037-01-01', title: 'New Year’s Day' },
  { date: '2037-04-03', title: 'Good Friday' },
  { date: '2037-04-06', title: 'Easter Monday' },
  { date: '2037-05-04', title: 'Early May bank holiday' },
  { date: '2037-05-25', title: 'Spring bank holiday' },
  { date: '2037-08-31', title: 'Summer bank holiday' },
  { date: '2037-12-25', title: 'Christmas Day' },
  { date: '2037-12-28', title: 'Boxing Day' },
];
