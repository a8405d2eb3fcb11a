import { nunjucksSetup } from '../../web/nunjucks-setup';

describe('the views’ date filters: UK time, as people write it', () => {
  const env = nunjucksSetup();
  const dateTime = (iso: string) => env.renderString('{{ at | dateTime }}', { at: iso });

  it('says noon and midnight as 12, not 0', () => {
    expect(dateTime('2026-12-01T12:16:00Z')).toBe('1 December 2026 at 12:16pm');
    expect(dateTime('2026-12-01T00:05:00Z')).toBe('1 December 2026 at 12:05am');
  });

  it('is in London time in summer too', () => {
    expect(dateTime('2027-07-01T08:30:00Z')).toBe('1 July 2027 at 9:30am');
  });

  it('shows nothing for something that is not a date', () => {
    expect(dateTime('not a date')).toBe('');
  });
});
