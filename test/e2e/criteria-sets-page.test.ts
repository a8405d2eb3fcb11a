/**
 * The new-version form of a hub's criteria over HTTP: rows left wholly empty are dropped, and each
 * refusal of the API's schema links to the row it came from, gaps and all; a refused form creates
 * nothing. The form needs its CSRF token, and another hub's lead gets 404 even with one.
 */
import { createUser } from '../support/region';
import { startTestSystem, type TestSystem } from '../support/system';
import { inputValue, type WebClient } from '../support/web-client';
import { signedInByEmailLink } from '../support/web-sign-in';

/** [message, href] per entry of the error summary. */
const summary = (html: string) =>
  [...(html.match(/<div class="nhsuk-error-summary[\s\S]*?<\/div>\s*<\/div>/)?.[0] ?? '').matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map(
    (m) => [m[2]!.trim(), m[1]!],
  );

describe('the new version form of a hub’s criteria', () => {
  let system: TestSystem;
  let hubId: string;
  let westmoor: string;
  let lead: WebClient;
  const form = () => `/criteria-sets/hubs/${hubId}/new`;

  beforeAll(async () => {
    system = await startTestSystem();
    hubId = (await system.admin.post('/api/hubs', { name: 'Northshire Training Hub' })).body.id;
    westmoor = (await system.admin.post('/api/hubs', { name: 'Westmoor Training Hub' })).body.id;
    await createUser(system, { name: 'Lena Lead', email: 'lena.lead@example.nhs.uk', role: 'hub_lead', hubId });
    await createUser(system, { name: 'Wes Lead', email: 'wes.lead@example.nhs.uk', role: 'hub_lead', hubId: westmoor });
    lead = await signedInByEmailLink(system, 'lena.lead@example.nhs.uk');
  });

  afterAll(async () => {
    await system?.stop();
  });

  const versions = async () => (await system.admin.get(`/api/criteria-sets?hubId=${hubId}`)).body.items as { criteria: unknown[] }[];

  /** The form sent with `fields`, as a browser would with its hidden fields. */
  async function send(client: WebClient, fields: Record<string, string>, formKey?: string) {
    const page = await client.get(form());
    expect(page.status).toBe(200);
    return client.post(form(), {
      _csrf: inputValue(page.text, '_csrf')!,
      formKey: formKey ?? inputValue(page.text, 'formKey')!,
      ...fields,
    });
  }

  const rows = (...cells: [string, string, string][]) =>
    Object.fromEntries(
      cells.flatMap(([code, title, guidance], i) => [
        [`criteria.${i}.code`, code],
        [`criteria.${i}.title`, title],
        [`criteria.${i}.guidance`, guidance],
      ]),
    );

  it('links each refusal to the row it came from, past the empty rows dropped, and creates nothing', async () => {
    const blankTitle = await send(lead, {
      name: 'Our criteria',
      ...rows(['', '', ''], ['A', 'Induction', ''], ['B', ' ', 'Some evidence']),
    });
    expect(blankTitle.status).toBe(400);
    expect(summary(blankTitle.text)).toEqual([['Enter a title for criterion 3', '#criteria-2-title']]);
    expect(blankTitle.text).toContain('id="criteria-2-title"');

    const repeated = await send(lead, { name: 'Our criteria', ...rows(['A', 'Induction', ''], ['', '', ''], ['A', 'Timetable', '']) });
    expect(summary(repeated.text)).toEqual([['Criterion 3 has the same code as one above it', '#criteria-2-code']]);

    const nothing = await send(lead, { name: ' ', ...rows(['', '', ''], ['', '', '']) });
    expect(summary(nothing.text)).toEqual([
      ['Enter a name for this version', '#name'],
      ['Enter at least one criterion', '#criteria-0-code'],
    ]);
    expect(await versions()).toEqual([]);
  });

  it('needs the CSRF token, and answers another hub’s lead 404', async () => {
    expect((await lead.post(form(), { name: 'Our criteria', ...rows(['A', 'Induction', '']) })).status).toBe(403);
    const other = await signedInByEmailLink(system, 'wes.lead@example.nhs.uk');
    const own = await other.get(`/criteria-sets/hubs/${westmoor}/new`); // a token of their own session
    const answer = await other.post(form(), { _csrf: inputValue(own.text, '_csrf') ?? '', name: 'Ours', ...rows(['A', 'Induction', '']) });
    expect(answer.status).toBe(404);
    expect(await versions()).toEqual([]);
  });

  it('creates the version from the rows filled, once however often the form is sent', async () => {
    const fields = { name: 'Our criteria', ...rows(['A', 'Induction', 'The plan'], ['', '', ''], ['B', 'Timetable', '']) };
    const created = await send(lead, fields, 'criteriaFormKey0123456');
    expect(created.status).toBe(303);
    const again = await send(lead, fields, 'criteriaFormKey0123456');
    expect(again.location).toBe(created.location);
    const shown = await lead.follow(created);
    expect(shown.text).toContain('Version 1 created');
    expect(await versions()).toEqual([
      expect.objectContaining({
        version: 1,
        criteria: [
          { code: 'A', title: 'Induction', guidance: 'The plan' },
          { code: 'B', title: 'Timetable', guidance: '' },
        ],
      }),
    ]);
  });
});
