/**
 * One workflow per spoke application (practice + hub): owns its accreditation lifecycle from the
 * application to accreditation and every re-accreditation after it, for as long as the practice
 * stays a spoke. The rules live in domain/spoke-accreditation/; this file wires them to Temporal:
 * an Update with a validator per human action, a query for the view, durable timers raced with
 * `condition`, and continue-as-new at each new cycle (and whenever the history grows long), so a
 * practice's workflow can run for decades.
 */
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  patched,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Rejection } from '../domain/rejection';
import { type Effects, noEffects, soonestDeadline } from '../domain/process';
import { type Actor, ActorSchema } from '../domain/roles';
import {
  applyPeopleCorrection,
  applyReferenceRename,
  applySpokeAction,
  applyTimedEvent,
  checkPeopleCorrection,
  checkSpokeAction,
  PeopleCorrectionBody,
  isTerminal,
  type NewSpokeApplication,
  nextTimedEvent,
  openSpokeApplication,
  SPOKE_ACTION_BODIES,
  SPOKE_ACTIONS,
  type SpokeAction,
  type SpokeActionBody,
  type SpokeContext,
  spokeDeadlines,
  type SpokeSettings,
  type SpokeState,
  type SpokeStatus,
  type SpokeView,
  spokeView,
  startReaccreditation,
} from '../domain/spoke-accreditation';
import { searchAttributes } from './search-attributes';
import { load } from './activities';
import { adoptRules, rulesAtStart } from './shared/rules';
import { SPOKE_RULE_CHANGES } from '../domain/rule-changes';
import { invalidDetail } from '../domain/field-errors';
import { ProcessJournal } from './shared/journal';
import { rejectAction, rejectionOf, throwIfRejected } from './shared/reject';
import {
  openedUpdate,
  peopleCorrectionUpdate,
  referenceRenamedSignal,
  type SpokeActionInput,
  spokeUpdate,
  spokeViewQuery,
} from './spoke-accreditation.messages';

export interface SpokeAccreditationInput {
  application: NewSpokeApplication;
  settings: SpokeSettings;
  /** Base of the links in emails. */
  publicUrl?: string;
  /** Set when continuing as new: the state and the journal version carry over. */
  resume?: { state: SpokeState; journalVersion: number };
}

/** What the validators need of a body's zod schema (workflow code does not import zod itself). */
interface BodySchema<T> {
  safeParse(
    body: unknown,
  ): { success: true; data: T } | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
}

export type SpokeOutcome = { status: SpokeStatus } | { refused: Rejection };

const VISIT_ACTION_PLAN = ['spoke:visit-action-plan'] as const;

const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export async function spokeAccreditation(input: SpokeAccreditationInput): Promise<SpokeOutcome> {
  const ctx: SpokeContext = { settings: input.settings, ...(input.publicUrl ? { publicUrl: input.publicUrl } : {}) };
  const { application } = input;
  const journal = new ProcessJournal<SpokeState>(input.resume?.journalVersion ?? 0, input.resume?.state);
  let state: SpokeState | undefined = input.resume?.state;
  /** The first commit is written: updates may act and read their writes. */
  let opened = state !== undefined;
  let refused: Rejection | undefined;
  /** Bumped by every change, so the main loop re-plans its timers. */
  let changes = 0;
  let indexed = '';

  const index = (s: SpokeState, nextDueAt: string | undefined) => {
    const key = `${s.status}|${nextDueAt ?? ''}`;
    if (key === indexed) return;
    indexed = key;
    upsertSearchAttributes([
      { key: searchAttributes.process, value: 'spoke' },
      { key: searchAttributes.hubId, value: s.hubId },
      { key: searchAttributes.practiceId, value: s.practiceId },
      { key: searchAttributes.status, value: s.status },
      { key: searchAttributes.nextDeadline, value: nextDueAt ? new Date(nextDueAt) : null },
    ]);
  };

  /**
   * Records the state as it is now (synchronously: the version and the view are fixed here).
   * A change the database refuses for good is undone: the process carries on from the state it
   * holds, and the action is refused.
   */
  const commit = async (effects: Effects): Promise<void> => {
    const s = state!;
    changes += 1;
    const deadlines = spokeDeadlines(s, ctx.settings);
    const next = soonestDeadline(deadlines);
    index(s, next?.dueAt);
    try {
      await journal.commit(
        {
          subjectType: 'spoke_application',
          subjectId: s.id,
          status: s.status,
          scope: { hubId: s.hubId, practiceId: s.practiceId },
          columns: { practiceId: s.practiceId, hubId: s.hubId, nextDeadlineAt: next?.dueAt ?? null },
          view: spokeView(s, ctx.settings),
          deadlines,
          audit: effects.audit,
          notices: effects.notices,
          ...(effects.readdress ? { readdress: effects.readdress } : {}),
        },
        s,
      );
    } catch (error) {
      const rejection = rejectionOf(error);
      if (!rejection) throw error;
      log.warn('change refused; back to the recorded state', { applicationId: s.id, detail: rejection.detail });
      const recorded = journal.recordedState();
      if (recorded) {
        state = recorded;
        index(state, soonestDeadline(spokeDeadlines(state, ctx.settings))?.dueAt);
      }
      changes += 1;
      rejectAction(rejection);
    }
  };

  const viewFor = (actor?: Actor): SpokeView => copy(spokeView(state!, ctx.settings, actor));

  setHandler(spokeViewQuery, (actor) => {
    if (!state) throw new Error('The application is still being opened');
    return spokeView(state, ctx.settings, actor);
  });

  setHandler(openedUpdate, async ({ actor }) => {
    await condition(() => opened || refused !== undefined);
    if (refused) rejectAction(refused);
    return viewFor(actor);
  });

  /** Every validator's first checks: the application is open for updates, and the actor is one. */
  const refuseUnopenedOrNoActor = (actor: unknown) => {
    if (!state || !opened) rejectAction({ status: 409, detail: 'The application is still being opened; try again in a moment' });
    if (!ActorSchema.safeParse(actor).success) rejectAction({ status: 400, detail: 'The update names no valid actor' });
  };

  /** The body as its schema reads it, or a 400 naming each field (the validators' first check after the actor). */
  const validBody = <T>(schema: BodySchema<T>, body: unknown): T => {
    const parsed = schema.safeParse(body);
    if (parsed.success) return parsed.data;
    const errors = parsed.error.issues.map((i) => ({ path: ['body', ...i.path.map(String)].join('.'), message: i.message }));
    return rejectAction({ status: 400, detail: invalidDetail('body', errors), errors });
  };

  const handleAction = <A extends SpokeAction>(action: A) => {
    const parse = (body: unknown) => SPOKE_ACTION_BODIES[action].safeParse(body);
    setHandler(
      spokeUpdate(action),
      async ({ actor, body, requestId }: SpokeActionInput<A>) => {
        // A workflow waiting for its visit outcome since before action plans adopts them now, not at
        // its next step (patched(): a replayed history decides as it was recorded).
        if (action === 'visit-outcome') adoptRules(state!, VISIT_ACTION_PLAN);
        // Mutate synchronously, so an update that arrives while this one commits sees the change.
        const parsed = parse(body).data as SpokeActionBody<A>;
        const effects = applySpokeAction(state!, actor, action, parsed, new Date(), ctx, requestId);
        const view = viewFor(actor);
        await commit(effects);
        return view;
      },
      {
        validator: ({ actor, body }: SpokeActionInput<A>) => {
          refuseUnopenedOrNoActor(actor);
          const parsed = validBody(SPOKE_ACTION_BODIES[action] as BodySchema<unknown>, body) as SpokeActionBody<A>;
          throwIfRejected(checkSpokeAction(state!, actor, action, parsed, new Date()));
        },
      },
    );
  };
  SPOKE_ACTIONS.forEach(handleAction);

  // A new handler: histories recorded before it never call it, so no patch is needed.
  setHandler(
    peopleCorrectionUpdate,
    async ({ actor, body, requestId }) => {
      const effects = applyPeopleCorrection(state!, actor, PeopleCorrectionBody.parse(body), new Date(), ctx, requestId);
      const view = viewFor(actor);
      await commit(effects);
      return view;
    },
    {
      validator: ({ actor, body }) => {
        refuseUnopenedOrNoActor(actor);
        validBody(PeopleCorrectionBody, body);
        throwIfRejected(checkPeopleCorrection(state!, actor));
      },
    },
  );

  // A new handler: histories recorded before it never receive the signal, so no patch is needed.
  setHandler(referenceRenamedSignal, async (renamed) => {
    await condition(() => opened || refused !== undefined);
    if (refused || !state) return;
    // The view and deadlines carry the names: commit them, with nothing else to say.
    if (applyReferenceRename(state, renamed)) await commit(noEffects());
  });

  /**
   * Waits for running handlers and email deliveries: before completing or continuing as new.
   * Histories before the patch settled first and waited for handlers only if some still ran, so
   * a handler finishing meanwhile could leave a delivery unawaited; the journal's drain cannot.
   */
  const drain = async () => {
    if (patched('spoke:drain-handlers-and-deliveries')) return journal.drain();
    await journal.settle();
    while (!allHandlersFinished()) {
      await condition(allHandlersFinished);
      await journal.settle();
    }
  };

  if (!state) {
    const prepared = await load.prepareSpokeApplication({
      applicationId: application.id,
      practiceId: application.practiceId,
      hubId: application.hubId,
      actor: application.appliedBy,
      requestId: application.requestId,
    });
    if (!prepared.ok) {
      refused = prepared.refused;
      await drain();
      return { refused: prepared.refused };
    }
    const created = openSpokeApplication(application, prepared.data, new Date(), ctx, rulesAtStart(SPOKE_RULE_CHANGES));
    state = created.state;
    try {
      await commit(created.effects);
    } catch (error) {
      // The application could not be recorded: it never existed, and the pair is free again.
      const rejection = rejectionOf(error);
      if (!rejection) throw error;
      await load.releaseSpokeClaim({ applicationId: application.id });
      refused = rejection;
      await drain();
      return { refused };
    }
    opened = true;
  } else {
    index(state, soonestDeadline(spokeDeadlines(state, ctx.settings))?.dueAt);
  }

  while (!isTerminal(state.status)) {
    adoptRules(state, SPOKE_RULE_CHANGES);
    if (workflowInfo().continueAsNewSuggested) await carryOn();
    const event = nextTimedEvent(state, ctx.settings);
    const seen = changes;
    if (!event) {
      await condition(() => changes !== seen);
      continue;
    }
    const wait = Date.parse(event.at) - Date.now();
    if (wait > 0) {
      // Wake at the event or at any change, then plan again from the state as it is then.
      await condition(() => changes !== seen, wait);
      continue;
    }
    if (event.kind === 'reaccreditation-due') {
      const data = await load.loadSpokeCycle({ practiceId: state.practiceId, hubId: state.hubId });
      // An update (suspension, withdrawal) may have come first while the hub's criteria loaded.
      if (nextTimedEvent(state, ctx.settings)?.key !== event.key) continue;
      await commit(startReaccreditation(state, event, data, new Date(), ctx));
      // Each cycle starts a fresh history; the state and the journal version carry over.
      await carryOn();
    } else {
      await commit(applyTimedEvent(state, event, new Date(), ctx));
    }
  }

  await drain();
  return { status: state.status };

  async function carryOn(): Promise<never> {
    await drain();
    return continueAsNew<typeof spokeAccreditation>({ ...input, resume: { state: state!, journalVersion: journal.version } });
  }
}
