/**
 * Free text one party wrote, quoted in an email to another, says who wrote it and for whom, so a
 * comment cannot pass for the service's own words; the email escapes it like any other text.
 */
import { applyReview, applyWithdrawal, createEoi } from '../../domain/eoi';
import { renderNotice } from '../../domain/notifications';
import { defaultSettings, eoiInput, reviewer, staff } from './fixtures/eoi';

const at = new Date('2027-03-02T10:00:00Z');

describe('free text quoted in emails', () => {
  it('labels a university’s comment with the reviewer and the university', () => {
    const { state } = createEoi(eoiInput(), new Date('2027-03-01T09:00:00Z'), defaultSettings);
    const comment = 'Your account is locked: sign in at https://evil.example';
    const { notices } = applyReview(state, reviewer, { decision: 'decline', comment }, at, defaultSettings);
    expect(notices[0]!.lines).toEqual([`Comment from Uni, Uni One: “${comment}”`]);
  });

  it('labels regional staff’s reason with their name and the regional team', () => {
    const { state } = createEoi(eoiInput(), new Date('2027-03-01T09:00:00Z'), defaultSettings);
    const { effects } = applyWithdrawal(state, staff, 'no places left', at);
    expect(effects.notices[0]!.lines).toEqual([`Reason from ${staff.name}, NHS England (regional team): “no places left”`]);
  });

  it('escapes a quoted comment in the HTML email', () => {
    const { state } = createEoi(eoiInput(), new Date('2027-03-01T09:00:00Z'), defaultSettings);
    const { notices } = applyReview(
      state,
      reviewer,
      { decision: 'decline', comment: '<a href="https://evil.example">here</a>' },
      at,
      defaultSettings,
    );
    const email = renderNotice(notices[0]!, ['org@example.nhs.uk'], 'https://trainflow.example');
    expect(email.html).not.toContain('<a href="https://evil.example">');
    expect(email.html).toContain('&lt;a href=');
    expect(email.text).toContain('Comment from Uni, Uni One: “<a href="https://evil.example">here</a>”');
  });
});
