import {
  emailStatusOf,
  isDeliveryReport,
  isLate,
  isPermanentRefusal,
  LATE_AFTER_MS,
  lateNotice,
  lateNoticeKey,
  lastAnswerOf,
  recipientOutcomes,
  refusalNotice,
  refusalNoticeKey,
} from '../../domain/email-delivery';

describe('an SMTP answer is permanent only when a 5xx refuses an address or the message', () => {
  it.each([
    [{ command: 'RCPT TO', code: 550 }, true],
    [{ command: 'RCPT TO', code: 553 }, true],
    [{ command: 'DATA', code: 554 }, true],
    [{ command: 'DATA', code: 552 }, true],
    [{ command: 'RCPT TO', code: 450 }, false],
    [{ command: 'RCPT TO', code: 421 }, false],
    [{ command: 'DATA', code: 451 }, false],
    [{ command: 'RCPT TO', code: 503 }, false],
    [{ command: 'MAIL FROM', code: 550 }, false],
    [{ command: 'AUTH PLAIN', code: 535 }, false],
    [{ command: 'CONN', code: undefined }, false],
    [{ command: undefined, code: undefined }, false],
  ])('%o → permanent %s', (reply, permanent) => {
    expect(isPermanentRefusal(reply)).toBe(permanent);
  });
});

describe('each recipient has its own outcome', () => {
  const pending = ['a@example.nhs.uk', 'B@example.nhs.uk'];

  it('one address refused for good among two: the other is sent, the refused one failed with the answer', () => {
    const outcomes = recipientOutcomes(pending, {
      went: true,
      accepted: ['a@example.nhs.uk'],
      refused: [{ address: 'B@example.nhs.uk', command: 'RCPT TO', code: 550, answer: '550 mailbox unavailable' }],
    });
    expect(outcomes).toEqual([
      { address: 'a@example.nhs.uk', status: 'sent' },
      { address: 'B@example.nhs.uk', status: 'failed', answer: '550 mailbox unavailable' },
    ]);
    expect(emailStatusOf(outcomes)).toBe('failed');
    expect(lastAnswerOf(outcomes)).toBe('B@example.nhs.uk: 550 mailbox unavailable');
  });

  it('an address deferred with 4xx stays pending while the other is sent', () => {
    const outcomes = recipientOutcomes(pending, {
      went: true,
      accepted: ['a@example.nhs.uk'],
      refused: [{ address: 'b@example.nhs.uk', command: 'RCPT TO', code: 450, answer: '450 try later' }],
    });
    expect(outcomes.map((o) => o.status)).toEqual(['sent', 'pending']);
    expect(emailStatusOf(outcomes)).toBe('pending');
  });

  it('every address refused: each by its own answer', () => {
    const outcomes = recipientOutcomes(pending, {
      went: false,
      reply: { command: 'RCPT TO', code: 450, answer: "Can't send mail - all recipients were rejected" },
      refused: [
        { address: 'a@example.nhs.uk', command: 'RCPT TO', code: 550, answer: '550 no such user' },
        { address: 'B@example.nhs.uk', command: 'RCPT TO', code: 450, answer: '450 greylisted' },
      ],
    });
    expect(outcomes.map((o) => [o.status, o.answer])).toEqual([
      ['failed', '550 no such user'],
      ['pending', '450 greylisted'],
    ]);
  });

  it('the message refused with 5xx at DATA fails every recipient', () => {
    const outcomes = recipientOutcomes(pending, {
      went: false,
      reply: { command: 'DATA', code: 554, answer: '554 rejected as spam' },
      refused: [],
    });
    expect(outcomes.map((o) => o.status)).toEqual(['failed', 'failed']);
  });

  it.each([
    ['421 at connection', { command: 'CONN', code: 421, answer: '421 too busy' }],
    ['connection refused', { command: 'CONN', code: undefined, answer: 'connect ECONNREFUSED 127.0.0.1:25' }],
    ['timeout', { command: 'CONN', code: undefined, answer: 'Greeting never received' }],
    ['hang-up after DATA', { command: 'CONN', code: undefined, answer: 'Connection closed unexpectedly' }],
    ['451 at DATA', { command: 'DATA', code: 451, answer: '451 local error' }],
    ['sender refused', { command: 'MAIL FROM', code: 550, answer: '550 sender not allowed' }],
  ])('%s leaves every recipient pending, to be retried', (_name, reply) => {
    const outcomes = recipientOutcomes(pending, { went: false, reply, refused: [] });
    expect(outcomes).toEqual(pending.map((address) => ({ address, status: 'pending', answer: reply.answer })));
    expect(emailStatusOf(outcomes)).toBe('pending');
  });
});

describe("an email's status sums up its recipients'", () => {
  it.each([
    [['sent', 'sent'], 'sent'],
    [['sent', 'pending'], 'pending'],
    [['failed', 'pending'], 'pending'],
    [['sent', 'failed'], 'failed'],
    [['failed'], 'failed'],
  ])('%o → %s', (statuses, expected) => {
    expect(emailStatusOf(statuses.map((status) => ({ status })))).toBe(expected);
  });
});

describe('the notice that an address refused an email', () => {
  const email = { key: 'eoi_1:3:reminder', subject: 'Reminder: EOI eoi_1 (Royal Infirmary)', subjectType: 'eoi', subjectId: 'eoi_1' };

  it('goes to regional staff and whoever typed the address, naming the email, the address and the answer', () => {
    const notice = refusalNotice(email, { address: 'contact@typo.example', answer: '550 mailbox unavailable' }, [
      { kind: 'organisation', organisationId: 'org_1' },
    ]);
    expect(notice.key).toBe(refusalNoticeKey(email.key, 'contact@typo.example'));
    expect(isDeliveryReport(notice.key)).toBe(true);
    expect(isDeliveryReport(email.key)).toBe(false);
    expect(notice.audience).toEqual([
      { kind: 'role', role: 'hee_staff' },
      { kind: 'organisation', organisationId: 'org_1' },
    ]);
    expect(notice).toMatchObject({ subjectType: 'eoi', subjectId: 'eoi_1' });
    expect(notice.lines!.join('\n')).toContain(
      'We could not deliver “Reminder: EOI eoi_1 (Royal Infirmary)” to contact@typo.example; check the contact address.',
    );
    expect(notice.lines!.join('\n')).toContain('550 mailbox unavailable');
  });

  it('goes to regional staff alone for an address nobody typed', () => {
    const notice = refusalNotice(
      { ...email, subjectType: 'test', subjectId: 'wf_1' },
      { address: 'ops@example.nhs.uk', answer: '550 no' },
      [],
    );
    expect(notice.audience).toEqual([{ kind: 'role', role: 'hee_staff' }]);
    expect(notice.subjectType).toBe('test');
  });
});

describe('an email undelivered for a day is reported to administrators', () => {
  const queuedAt = new Date('2026-12-01T09:00:00Z');

  it('is late from 24 hours after it was queued', () => {
    expect(isLate(queuedAt, new Date(queuedAt.getTime() + LATE_AFTER_MS - 1))).toBe(false);
    expect(isLate(queuedAt, new Date(queuedAt.getTime() + LATE_AFTER_MS))).toBe(true);
  });

  it('names the email, when it was queued and the last answer, for administrators', () => {
    const notice = lateNotice(
      { key: 'eoi_1:3:reminder', subject: 'Reminder: EOI eoi_1', subjectType: 'eoi', subjectId: 'eoi_1', queuedAt },
      '421 try later',
    );
    expect(notice.key).toBe(lateNoticeKey('eoi_1:3:reminder'));
    expect(isDeliveryReport(notice.key)).toBe(true);
    expect(notice.audience).toEqual([{ kind: 'role', role: 'admin' }]);
    expect(notice.lines!.join('\n')).toContain('“Reminder: EOI eoi_1” was queued on Tuesday 1 December 2026 at 09:00 GMT');
    expect(notice.lines!.join('\n')).toContain("The mail server's last answer: 421 try later");
  });
});
