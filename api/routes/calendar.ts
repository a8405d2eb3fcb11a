/**
 * Calendar feeds. Calendar clients send no headers, so the feed URL carries its own token,
 * "tfcal_<id>.<secret>", of which only sha256(secret) is stored. A user holds at most one:
 * issuing a new one revokes the old, and revoking a user's tokens revokes it too. The feed is
 * the deadline list the token's owner may see, as RFC 5545 all-day events (generated with
 * ical-generator) whose UIDs are the deadline ids, so a moved deadline moves its event.
 */
import ical, { ICalCalendarMethod, ICalEventTransparency } from 'ical-generator';
import { z } from 'zod';
import { appendAudit } from '../../db/audit';
import { calendarEvent, type DeadlineRow, deadlineWhere } from '../../domain/deadlines';
import { ROLES, type Actor } from '../../domain/roles';
import { actorFromUser } from '../auth/authenticate';
import { parseToken, secretsMatch } from '../auth/tokens';
import type { ApiDeps } from '../deps';
import { notFound } from '../http/problem';
import { created, defineRoute, noContent, type RouteResult } from '../http/route';
import { CALENDAR_TOKEN_PREFIX, issueCalendarToken, refuseBootstrapAdmin } from '../services/calendar';
import { findDeadlines, subjectNames } from '../services/deadlines';

const tags = ['Deadlines'];
/** The most events a feed carries, soonest first. */
export const CALENDAR_MAX_EVENTS = 2_000;

const CalendarTokenSchema = z
  .object({
    token: z.string().meta({ description: 'Shown once: only a hash of its secret is stored', example: 'tfcal_<id>.<secret>' }),
    url: z.string().meta({ description: 'The feed to subscribe to in a calendar client (it contains the token: keep it private)' }),
  })
  .meta({ id: 'CalendarToken' });

/** Feed URLs carry their token: the request logs show this instead. */
const FeedParams = z.strictObject({ calendarToken: z.string().max(200) });

/** The feed's owner, or 404 for an unknown, malformed or revoked token (nothing is revealed). */
async function feedOwner(deps: ApiDeps, presented: string): Promise<Actor> {
  const parsed = parseToken(presented, CALENDAR_TOKEN_PREFIX);
  if (!parsed) throw notFound('Calendar');
  const token = await deps.db.prisma.calendarToken.findUnique({ where: { id: parsed.id }, include: { user: true } });
  if (!token || token.revokedAt || token.user.deactivatedAt || !secretsMatch(parsed.secret, token.secretHash)) throw notFound('Calendar');
  return actorFromUser(token.user);
}

export function renderCalendar(
  rows: DeadlineRow[],
  now: Date,
  options: { publicUrl: string; names: Record<string, string>; userName: string },
) {
  const calendar = ical({
    name: 'Trainflow deadlines',
    description: `Deadlines ${options.userName} may see in Trainflow`,
    prodId: { company: 'Trainflow', product: 'Deadlines', language: 'EN' },
    method: ICalCalendarMethod.PUBLISH,
    ttl: 60 * 60,
  });
  for (const row of rows) {
    const event = calendarEvent(row, now, { publicUrl: options.publicUrl, subjectName: options.names[row.subjectId] });
    calendar.createEvent({
      id: event.uid,
      start: event.date,
      end: event.endDate,
      allDay: true,
      stamp: now,
      summary: event.summary,
      description: event.description,
      url: event.url,
      // A deadline is not a meeting: it does not make the day busy.
      transparency: ICalEventTransparency.TRANSPARENT,
    });
  }
  return calendar.toString();
}

export const calendarRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/me/calendar-token',
    summary: 'Create my calendar feed token',
    description:
      'Answers a calendar token and the feed URL to subscribe to, shown this once. A new token replaces (revokes) the one ' +
      'before, so a repeated call is safe: the last answer holds the valid feed.',
    tags,
    policy: { roles: ROLES },
    responses: { 201: { description: 'The token and the feed URL', schema: CalendarTokenSchema } },
    handler: async ({ actor, deps, requestId }): Promise<RouteResult> => created(await issueCalendarToken(deps, actor, requestId)),
  }),

  defineRoute({
    method: 'delete',
    path: '/api/me/calendar-token',
    summary: 'Revoke my calendar feed token',
    description: 'The feed URL answers 404 from now on. Answers 204 also when there was none.',
    tags,
    policy: { roles: ROLES },
    responses: { 204: { description: 'Revoked' } },
    async handler({ actor, deps, requestId }) {
      refuseBootstrapAdmin(actor);
      await deps.db.prisma.$transaction(async (tx) => {
        const revoked = await tx.calendarToken.updateMany({
          where: { userId: actor.userId, revokedAt: null },
          data: { revokedAt: deps.now() },
        });
        if (revoked.count > 0) {
          await appendAudit(tx, { actor, action: 'user.calendar_token_revoked', subjectType: 'user', subjectId: actor.userId, requestId });
        }
      });
      return noContent();
    },
  }),

  defineRoute({
    method: 'get',
    path: '/calendar/:calendarToken.ics',
    summary: 'Calendar feed of my deadlines',
    description:
      'RFC 5545: one all-day event per open deadline the token’s owner may see, on the day it falls due (Europe/London), ' +
      `soonest first, at most ${CALENDAR_MAX_EVENTS}. The summary names the action and the subject; the description the owner, ` +
      'the exact due time and a link. UIDs are stable ("<subjectId>:<step>@trainflow"), so a moved deadline moves its event. ' +
      'An unknown or revoked token answers 404.',
    tags,
    policy: { public: 'calendar clients send no headers: the token in the path is the credential' },
    params: FeedParams,
    responses: { 200: { description: 'The feed', contentType: 'text/calendar', schema: z.string() } },
    async handler({ params, deps }) {
      const owner = await feedOwner(deps, params.calendarToken);
      const now = deps.now();
      const rows = await findDeadlines(deps.db.prisma, deadlineWhere(owner, {}, now), CALENDAR_MAX_EVENTS);
      const body = renderCalendar(rows, now, {
        publicUrl: deps.publicUrl,
        names: await subjectNames(deps.db.prisma, rows),
        userName: owner.name,
      });
      return {
        status: 200,
        body,
        contentType: 'text/calendar; charset=utf-8',
        headers: {
          'Content-Disposition': 'inline; filename="trainflow-deadlines.ics"',
          'Cache-Control': 'private, no-store',
          'Referrer-Policy': 'no-referrer',
        },
      };
    },
  }),
];
