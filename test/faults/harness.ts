/**
 * What the fault-injection suites share: a region with both processes' people, the two journeys
 * driven through the API (an EOI to ENROLLED, a spoke application to ACCREDITED), the checks
 * that nothing was lost or doubled (states, outbox, SMTP by Message-ID, audit trail) and the
 * results table (test/faults/results.md).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { ApiClient, type ApiResponse } from '../support/api-client';
import { eventually } from '../support/eventually';
import { createRegion, createUser, eoiBody, type Region, type RegionUser } from '../support/region';
import type { ReceivedEmail } from '../support/smtp';
import type { TestSystem } from '../support/system';

export const DATABASE_URL = process.env.DATABASE_URL ?? '';

export interface FaultWorld extends Region {
  hub: { id: string; name: string };
  lead: RegionUser;
  /** One practice and its manager per spoke application (a practice has one open application). */
  practices: { id: string; name: string; manager: RegionUser }[];
}

function created(response: ApiResponse, what: string) {
  if (response.status !== 201) throw new Error(`Creating ${what} answered ${response.status}: ${response.text}`);
  return response.body;
}

export async function createFaultWorld(system: TestSystem, options: { practices: number; fundedPlaces?: number }): Promise<FaultWorld> {
  const region = await createRegion(system, { fundedPlaces: options.fundedPlaces ?? 100 });
  const tag = randomBytes(3).toString('hex');
  const hub = created(await system.admin.post('/api/hubs', { name: `Fault Hub ${tag}`, areas: ['Bolton'] }), 'hub');
  const lead = await createUser(system, { name: 'Hal Lead', email: `hal.${tag}@hub.nhs.uk`, role: 'hub_lead', hubId: hub.id });
  const practices: FaultWorld['practices'] = [];
  for (let i = 0; i < options.practices; i++) {
    const practice = created(
      await system.admin.post('/api/practices', {
        name: `Practice ${i} ${tag}`,
        odsCode: `P${randomBytes(4).toString('hex').toUpperCase()}`.slice(0, 10),
        isTrainingPractice: false,
        hubId: hub.id,
      }),
      'practice',
    );
    const manager = await createUser(system, {
      name: `Pat Manager ${i}`,
      email: `pat.${i}.${tag}@practice.nhs.uk`,
      role: 'practice_manager',
      practiceId: practice.id,
    });
    practices.push({ id: practice.id, name: practice.name, manager });
  }
  return { ...region, hub, lead, practices };
}

/** A client on another base URL (an API child process) with the same token. */
export function via(client: ApiClient, baseUrl: string): ApiClient {
  return new ApiClient(baseUrl, client.token);
}

/**
 * A client that does what a careful client does during an outage: on a dropped connection or a
 * 5xx it sends the same request again (an API that could not reach its database did nothing).
 */
export class PatientClient extends ApiClient {
  static retries = 0;

  override async request<T = any>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse<T>> {
    for (let attempt = 1; ; attempt++) {
      try {
        const response = await super.request<T>(method, path, body, headers);
        if (response.status < 500 || attempt >= 240) return response;
      } catch (error) {
        if (attempt >= 240) throw error;
      }
      PatientClient.retries += 1;
      await sleep(500);
    }
  }
}

export const patient = (user: RegionUser) => new PatientClient(user.api.baseUrl, user.api.token);

async function step(response: Promise<ApiResponse>, what: string, status = 200): Promise<any> {
  const answer = await response;
  if (answer.status !== status) throw new Error(`${what} answered ${answer.status}: ${answer.text}`);
  return answer.body;
}

/**
 * The header a careful integration sends with every request that changes something: a key stable
 * per journey and step, so a repeat after a lost answer (a 503, a dropped connection) answers as
 * the first attempt did instead of a conflict with the state that attempt left.
 */
const keyed = (journey: string, step: string) => ({ 'Idempotency-Key': `${journey}-${step}` });

/**
 * An EOI from submission to ENROLLED through the API: submit, support, fund one place, put a
 * candidate forward, the university records acceptance, the organisation confirms support.
 * Every request carries an Idempotency-Key.
 */
export async function eoiJourney(world: FaultWorld, label: string, api: (user: RegionUser) => ApiClient = (u) => u.api) {
  const journey = `eoi-${label}`;
  const submitted = await step(
    api(world.submitter).post('/api/eois', eoiBody(world, { placesRequested: 1 }), { 'Idempotency-Key': journey }),
    `submit ${label}`,
    201,
  );
  const id: string = submitted.id;
  await step(
    api(world.reviewer).post(`/api/eois/${id}/review`, { decision: 'support', comment: 'ok' }, keyed(journey, 'review')),
    `review ${label}`,
  );
  const funded = await step(
    api(world.staff).post(`/api/eois/${id}/funding-decision`, { decision: 'fund', places: 1, comment: 'fund' }, keyed(journey, 'funding')),
    `fund ${label}`,
  );
  if (funded.status !== 'FUNDED') throw new Error(`${label} was not funded: ${funded.status}`);
  const added = await step(
    api(world.submitter).post(
      `/api/eois/${id}/candidates`,
      { name: `Cand ${label}`, email: `cand.${label}@example.nhs.uk`, currentRole: 'Nurse' },
      keyed(journey, 'candidate'),
    ),
    `candidate ${label}`,
    201,
  );
  await step(
    api(world.reviewer).post(`/api/eois/${id}/candidates/${added.candidateId}/outcome`, { outcome: 'accepted' }, keyed(journey, 'outcome')),
    `outcome ${label}`,
  );
  const confirmed = await step(
    api(world.submitter).post(
      `/api/eois/${id}/confirmations`,
      { candidateId: added.candidateId, signedBy: 'Chief Nurse' },
      keyed(journey, 'confirmation'),
    ),
    `confirmation ${label}`,
  );
  return { id, status: confirmed.status as string };
}

export const EOI_JOURNEY_STATUS = 'ENROLLED';

/**
 * A spoke application from application to ACCREDITED through the API: every criterion
 * evidenced and accepted, the visit scheduled and satisfactory, approved, the agreement signed.
 * Every request carries an Idempotency-Key.
 */
export async function spokeJourney(world: FaultWorld, index: number, api: (user: RegionUser) => ApiClient = (u) => u.api) {
  const practice = world.practices[index]!;
  const manager = api(practice.manager);
  const lead = api(world.lead);
  const journey = `spoke-${index}`;
  const applied = await step(
    manager.post(
      '/api/spoke-applications',
      {
        practiceId: practice.id,
        hubId: world.hub.id,
        administrator: { name: `Ann Admin ${index}`, email: `ann.${index}@practice.nhs.uk` },
        educationalist: { name: `Ed Teach ${index}`, email: `ed.${index}@practice.nhs.uk` },
      },
      { 'Idempotency-Key': journey },
    ),
    `apply ${index}`,
    201,
  );
  const id: string = applied.id;
  const codes: string[] = applied.criteria.map((c: { code: string }) => c.code);
  await step(
    manager.post(
      `/api/spoke-applications/${id}/evidence`,
      { items: codes.map((code) => ({ criterionCode: code, statement: `How we meet ${code}` })) },
      keyed(journey, 'evidence'),
    ),
    `evidence ${index}`,
  );
  await step(
    lead.post(
      `/api/spoke-applications/${id}/evidence-review`,
      { items: codes.map((code) => ({ criterionCode: code, decision: 'accept', comment: 'Good' })) },
      keyed(journey, 'evidence-review'),
    ),
    `evidence review ${index}`,
  );
  const scheduledFor = new Date(Date.now() + 14 * 24 * 60 * 60 * 1000).toISOString();
  await step(lead.post(`/api/spoke-applications/${id}/visit`, { scheduledFor }, keyed(journey, 'visit')), `visit ${index}`);
  await step(
    lead.post(`/api/spoke-applications/${id}/visit-outcome`, { outcome: 'satisfactory', notes: 'Fine' }, keyed(journey, 'visit-outcome')),
    `visit outcome ${index}`,
  );
  await step(
    api(world.staff).post(
      `/api/spoke-applications/${id}/approval`,
      { decision: 'approve', comment: 'Approved' },
      keyed(journey, 'approval'),
    ),
    `approval ${index}`,
  );
  const signed = await step(
    manager.post(`/api/spoke-applications/${id}/agreement-signature`, { signedBy: 'Dr P Partner' }, keyed(journey, 'signature')),
    `signature ${index}`,
  );
  return { id, status: signed.status as string };
}

export const SPOKE_JOURNEY_STATUS = 'ACCREDITED';

/** The audit actions each journey leaves on its subject, in order. */
export const EOI_JOURNEY_AUDIT = [
  'eoi.submitted',
  'eoi.university_supported',
  'eoi.funded',
  'eoi.candidate_added',
  'eoi.candidate_accepted',
  'eoi.support_confirmed',
  // The signed PDF of the confirmation, stored by the same commit.
  'confirmation_of_support.signed',
];
export const SPOKE_JOURNEY_AUDIT = [
  'spoke.applied',
  'spoke.evidence',
  'spoke.evidence-review',
  'spoke.visit',
  'spoke.visit-outcome',
  'spoke.approval',
  'spoke.agreement-signature',
  // The signed PDF of the agreement, stored by the same commit.
  'agreement.signed',
];

export interface EmailTally {
  /** Outbox rows (each a unique key): the emails the processes meant to send. */
  expected: number;
  /** Distinct Message-IDs the SMTP server received. */
  sent: number;
  /** Outbox messages never received. */
  lost: number;
  /** Deliveries beyond the first of a Message-ID (a send repeated after a crash). */
  duplicated: number;
  /** Messages received that no outbox row accounts for. */
  unexpected: number;
}

/** Waits for the outbox to drain, then counts what the SMTP server received by Message-ID. */
export async function tallyEmails(
  system: TestSystem,
  options: { timeoutMs?: number; received?: () => ReceivedEmail[] } = {},
): Promise<EmailTally> {
  const prisma = system.db.prisma;
  const where = {};
  const timeoutMs = options.timeoutMs ?? 120_000;
  const receivedNow = options.received ?? (() => system.smtp.received);
  await eventually(
    async () => {
      const pending = await prisma.outboxEmail.count({ where: { ...where, status: 'pending' } });
      if (pending > 0) throw new Error(`${pending} emails still pending`);
      const rows = await prisma.outboxEmail.findMany({ where, select: { messageId: true } });
      const received = new Set(receivedNow().map((m) => m.messageId));
      const missing = rows.filter((r) => !received.has(r.messageId)).length;
      if (missing > 0) throw new Error(`${missing} sent emails not yet received`);
    },
    'the outbox to drain and every email to arrive',
    timeoutMs,
  ).catch(() => undefined); // the tally below reports what is missing
  const rows = await prisma.outboxEmail.findMany({ where, select: { key: true, messageId: true } });
  const counts = new Map<string, number>();
  for (const m of receivedNow()) counts.set(m.messageId, (counts.get(m.messageId) ?? 0) + 1);
  const ids = new Set(rows.map((r) => r.messageId));
  return {
    expected: rows.length,
    sent: rows.filter((r) => counts.has(r.messageId)).length,
    lost: rows.filter((r) => !counts.has(r.messageId)).length,
    duplicated: [...counts.entries()].filter(([id]) => ids.has(id)).reduce((sum, [, n]) => sum + n - 1, 0),
    unexpected: [...counts.keys()].filter((id) => !ids.has(id)).length,
  };
}

/** Every subject has exactly the audit actions its journey implies, each once. */
export async function auditProblems(system: TestSystem, subjects: { id: string; expected: string[] }[]): Promise<string[]> {
  const problems: string[] = [];
  for (const { id, expected } of subjects) {
    const events = await system.db.prisma.auditEvent.findMany({ where: { subjectId: id }, orderBy: { id: 'asc' } });
    const actions = events.map((e) => e.action);
    if (JSON.stringify(actions) !== JSON.stringify(expected)) problems.push(`${id}: ${actions.join(', ')}`);
  }
  return problems;
}

/** The outbox keys of a subject, without the subject id (the same journey gives the same steps). */
export async function outboxSteps(system: TestSystem, subjectId: string): Promise<string[]> {
  const rows = await system.db.prisma.outboxEmail.findMany({ where: { subjectId }, select: { key: true } });
  return rows.map((r) => r.key.replace(subjectId, '<id>')).sort();
}

// ---------- the results table ----------

export interface FaultResult {
  suite: string;
  fault: string;
  trials: number;
  processes: number;
  processesOk: number;
  emails: EmailTally;
}

const resultsFile = path.join(__dirname, 'results.md');
const COLUMNS: { title: string; right?: boolean }[] = [
  { title: 'suite' },
  { title: 'fault injected' },
  { title: 'trials', right: true },
  { title: 'processes (ok/total)', right: true },
  { title: 'emails expected', right: true },
  { title: 'sent (distinct Message-IDs)', right: true },
  { title: 'lost', right: true },
  { title: 'duplicated (repeat deliveries)', right: true },
];

/** A markdown table laid out the way prettier lays it out, so the file stays lint-clean. */
function table(rows: string[][]): string[] {
  const widths = COLUMNS.map((c, i) => Math.max(3, c.title.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    `| ${cells.map((cell, i) => (COLUMNS[i]!.right ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join(' | ')} |`;
  return [
    `| ${COLUMNS.map((c, i) => c.title.padEnd(widths[i]!)).join(' | ')} |`,
    `| ${COLUMNS.map((c, i) => (c.right ? `${'-'.repeat(widths[i]! - 1)}:` : '-'.repeat(widths[i]!))).join(' | ')} |`,
    ...rows.map(line),
  ];
}

/** Prints the suite's row and keeps it in test/faults/results.md (one row per suite, replaced on each run). */
export function recordResult(result: FaultResult): void {
  const row = [
    result.suite,
    result.fault,
    String(result.trials),
    `${result.processesOk}/${result.processes}`,
    String(result.emails.expected),
    String(result.emails.sent),
    String(result.emails.lost),
    String(result.emails.duplicated),
  ];
  const existing = fs.existsSync(resultsFile) ? fs.readFileSync(resultsFile, 'utf8') : '';
  const rows = existing
    .split('\n')
    .filter((line) => line.startsWith('| '))
    .slice(2)
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    )
    .filter((cells) => cells.length === COLUMNS.length && cells[0] !== result.suite);
  rows.push(row);
  rows.sort((a, b) => a[0]!.localeCompare(b[0]!));
  const text = [
    '# Fault-injection results',
    '',
    'Written by `npm run test:faults` (test/faults/harness.ts): one row per suite, from its last run on',
    'PostgreSQL with the worker (and, where named, the API) as separate processes. "Lost" counts outbox',
    'messages the SMTP server never received; "duplicated" counts deliveries repeated with the same',
    'Message-ID (at-least-once delivery: a message accepted by the server in the instant before a kill',
    'is sent again after the restart, recognisably).',
    '',
    ...table(rows),
    '',
  ].join('\n');
  fs.writeFileSync(resultsFile, text);
  process.stdout.write(`\n${table([row]).join('\n')}\n`);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/**
 * The fault timings (when to kill, how long to stay down) come from one seed, printed at the start:
 * FAULT_SEED=<seed> draws the same timings again. The rest of a run (network, load) is not replayed.
 */
export const FAULT_SEED = process.env.FAULT_SEED === undefined ? randomBytes(4).readInt32LE() : Number(process.env.FAULT_SEED);
if (!Number.isInteger(FAULT_SEED)) throw new Error(`FAULT_SEED must be an integer, not ${process.env.FAULT_SEED}`);
process.stdout.write(`Fault timings from FAULT_SEED=${FAULT_SEED}\n`);
let draws = 0;
/** A whole number from min (inclusive) to max (exclusive), the next in the seed's sequence. */
export const randomBetween = (min: number, max: number) =>
  fc.sample(fc.integer({ min, max: max - 1 }), { seed: FAULT_SEED + draws++, numRuns: 1 })[0]!;

// ---------- journeys through a fault ----------

export interface JourneysOutcome {
  processes: number;
  processesOk: number;
  emails: EmailTally;
  failures: string[];
  problems: string[];
}

/**
 * Drives `eois` EOI journeys and `spokes` spoke journeys through the API with patient clients
 * while `fault` runs, then checks what every suite checks: each process reached its end state
 * (in the read model too), each journey queued the same emails, each audit action is recorded
 * once, and every email arrived.
 */
export async function journeysThrough(
  system: TestSystem,
  world: FaultWorld,
  counts: { eois: number; spokes: number; label: string },
  fault: () => Promise<void>,
): Promise<JourneysOutcome> {
  const journeys = Promise.allSettled([
    ...Array.from({ length: counts.eois }, (_, i) => eoiJourney(world, `${counts.label}${i}`, patient)),
    ...Array.from({ length: counts.spokes }, (_, i) => spokeJourney(world, i, patient)),
  ]);
  await fault();
  const outcomes = await journeys;
  const failures = outcomes.flatMap((o) => (o.status === 'rejected' ? [String(o.reason)] : []));
  const results = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
  const eois = results.filter((r) => r.id.startsWith('eoi_'));
  const spokes = results.filter((r) => !r.id.startsWith('eoi_'));
  const problems: string[] = [];
  for (const e of eois) if (e.status !== EOI_JOURNEY_STATUS) problems.push(`${e.id} ended ${e.status}`);
  for (const s of spokes) if (s.status !== SPOKE_JOURNEY_STATUS) problems.push(`${s.id} ended ${s.status}`);
  const rows = await system.db.prisma.eoi.findMany({ where: { id: { in: eois.map((e) => e.id) } } });
  for (const row of rows) if (row.status !== EOI_JOURNEY_STATUS) problems.push(`${row.id} is ${row.status} in the read model`);

  const eoiSteps = await Promise.all(eois.map((e) => outboxSteps(system, e.id)));
  if (eoiSteps.some((steps) => JSON.stringify(steps) !== JSON.stringify(eoiSteps[0])))
    problems.push('EOI journeys queued different emails');
  const spokeSteps = await Promise.all(spokes.map((s) => outboxSteps(system, s.id)));
  if (spokeSteps.some((steps) => JSON.stringify(steps) !== JSON.stringify(spokeSteps[0])))
    problems.push('spoke journeys queued different emails');
  problems.push(
    ...(await auditProblems(system, [
      ...eois.map((e) => ({ id: e.id, expected: EOI_JOURNEY_AUDIT })),
      ...spokes.map((s) => ({ id: s.id, expected: SPOKE_JOURNEY_AUDIT })),
    ])),
  );
  const emails = await tallyEmails(system, { timeoutMs: 180_000 });
  const ok = eois.filter((e) => e.status === EOI_JOURNEY_STATUS).length + spokes.filter((s) => s.status === SPOKE_JOURNEY_STATUS).length;
  return { processes: counts.eois + counts.spokes, processesOk: ok, emails, failures, problems };
}
