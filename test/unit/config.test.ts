import { loadConfig } from '../../config/config';

describe('configuration from the environment', () => {
  it('leaves the worker cache to the SDK unless WORKER_MAX_CACHED_WORKFLOWS is set', () => {
    expect(loadConfig({}).maxCachedWorkflows).toBeUndefined();
    expect(loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '500' }).maxCachedWorkflows).toBe(500);
    expect(loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '0' }).maxCachedWorkflows).toBe(0);
  });

  it.each(['-1', 'many', '2.5'])('refuses WORKER_MAX_CACHED_WORKFLOWS=%s, naming the variable', (value) => {
    expect(() => loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: value })).toThrow(/WORKER_MAX_CACHED_WORKFLOWS/);
  });

  it('reads reminder settings as days and refuses a duration that is not in days', () => {
    expect(loadConfig({ REVIEW_REMINDER_AFTER: 'P5D', CONFIRMATION_REMINDER_DAYS: '21,7' }).processSettings).toMatchObject({
      reviewReminderAfterDays: 5,
      confirmationReminderDaysBefore: [21, 7],
    });
    expect(() => loadConfig({ REVIEW_REMINDER_AFTER: 'PT5H' })).toThrow(/REVIEW_REMINDER_AFTER/);
  });
});
