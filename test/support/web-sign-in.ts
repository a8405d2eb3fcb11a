/** Signs a person in to the pages the way they do without single sign-on: by the emailed link. */
import type { TestSystem } from './system';
import { inputValue, WebClient } from './web-client';

const SIGN_IN_LINK = /\/sign-in\/email\/tfsl_[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/;

/** A cookie-keeping client signed in as the user with this email address (who must exist). */
export async function signedInByEmailLink(system: TestSystem, email: string): Promise<WebClient> {
  const browser = new WebClient(system.baseUrl);
  const isLink = (m: { to: string[]; text: string }) => m.to.includes(email) && /\/sign-in\/email\//.test(m.text);
  const before = system.smtp.received.filter(isLink).length;
  const asked = await browser.post('/sign-in/email', { email, returnTo: '/' });
  if (asked.status !== 303) throw new Error(`asking for a sign-in link answered ${asked.status}`);
  const messages = await system.smtp.waitFor(before + 1, isLink);
  const link = SIGN_IN_LINK.exec(messages[messages.length - 1]!.text)![0];
  const opened = await browser.get(link);
  const confirmed = await browser.post('/sign-in/email/confirm', { token: inputValue(opened.text, 'token')! });
  if (confirmed.status !== 303) throw new Error(`confirming the sign-in link answered ${confirmed.status}`);
  return browser;
}
