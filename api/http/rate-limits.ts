/**
 * The API's rate limits, counted in the database so that every API process shares them:
 *
 * - per user: RATE_LIMIT_PER_MINUTE requests a minute, keyed on the authenticated user (so a
 *   user's tokens share one budget, and no spelling of the Authorization header escapes it);
 * - per address: RATE_LIMIT_PER_ADDRESS refused requests a minute from one address
 *   (no or a bad credential, 401; a calendar feed URL that names no feed, 404). An address over
 *   it is refused before its credential is even looked up, which stops token and feed guessing.
 *
 * Over a limit: 429 problem+json with Retry-After. express-rate-limit does the HTTP side (keys,
 * headers, counting only refused requests); rate-limiter-flexible's Prisma store keeps the
 * counters (on PostgreSQL and on PGlite alike), with an in-memory stand-in while the database is
 * unreachable so an outage neither lifts the limits nor fails requests with a 5xx.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { type ClientRateLimitInfo, ipKeyGenerator, type Options, rateLimit, type Store } from 'express-rate-limit';
import { RateLimiterMemory, RateLimiterPrisma, type RateLimiterRes } from 'rate-limiter-flexible';
import type { Actor } from '../../domain/roles';
import type { PrismaClient } from '../../db/database';
import { ProblemError } from './problem';

const WINDOW_MS = 60_000;

/** express-rate-limit's Store interface over rate-limiter-flexible's counters. */
class SharedCounters implements Store {
  private counters?: RateLimiterPrisma;

  constructor(
    private readonly prisma: PrismaClient,
    readonly prefix: string,
  ) {}

  init(options: Options): void {
    const limit = typeof options.limit === 'number' ? options.limit : 1;
    const shape = { keyPrefix: this.prefix, points: limit, duration: Math.ceil(options.windowMs / 1000) };
    this.counters = new RateLimiterPrisma({
      ...shape,
      storeClient: this.prisma,
      tableName: 'rateLimit',
      // Expired counters are swept by the system's own timer (sweepExpiredRateLimits), which stops
      // with it; the library's would outlive a stopped process's database connection.
      clearExpiredByTimeout: false,
      insuranceLimiter: new RateLimiterMemory(shape),
    });
  }

  private info(res: RateLimiterRes): ClientRateLimitInfo {
    return { totalHits: res.consumedPoints, resetTime: new Date(Date.now() + Math.max(res.msBeforeNext, 0)) };
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const res = await this.counters!.get(key);
    return res ? this.info(res) : undefined;
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    return this.info(await this.counters!.penalty(key, 1));
  }

  async decrement(key: string): Promise<void> {
    await this.counters!.reward(key, 1);
  }

  async resetKey(key: string): Promise<void> {
    await this.counters!.delete(key);
  }
}

/** A refused request: no or a bad credential on /api, no such feed on /calendar. */
const refused = (req: Request, res: Response) =>
  res.statusCode === 401 || (req.originalUrl.startsWith('/calendar/') && res.statusCode === 404);

export interface RateLimits {
  /** Before authentication, on /api and /calendar: refuses an address with too many refused requests. */
  perAddress: RequestHandler;
  /** After authentication (res.locals.actor): rejects with a 429 ProblemError when the user is over their limit. */
  perUser(req: Request, res: Response): Promise<void>;
}

export function createRateLimits(prisma: PrismaClient, limits: { perUserPerMinute: number; perAddressPerMinute: number }): RateLimits {
  const common = { windowMs: WINDOW_MS, standardHeaders: 'draft-8', legacyHeaders: false } as const;
  const perAddress = rateLimit({
    ...common,
    limit: limits.perAddressPerMinute,
    store: new SharedCounters(prisma, 'address:'),
    keyGenerator: (req) => ipKeyGenerator(req.ip ?? ''),
    // Count refused requests only: the others are given back when they are answered.
    skipSuccessfulRequests: true,
    requestWasSuccessful: (req, res) => !refused(req, res),
    handler: (_req, _res, next) => next(new ProblemError(429, 'Too many refused requests from this address; slow down and retry later')),
  });
  const perUser = rateLimit({
    ...common,
    limit: limits.perUserPerMinute,
    store: new SharedCounters(prisma, 'user:'),
    keyGenerator: (_req, res) => (res.locals.actor as Actor).userId,
    handler: (_req, _res, next) => next(new ProblemError(429, 'Too many requests for this user; slow down and retry later')),
  });
  return {
    perAddress,
    perUser: (req, res) =>
      new Promise<void>((resolve, reject) => {
        void perUser(req, res, ((error?: unknown) => (error ? reject(error) : resolve())) as NextFunction);
      }),
  };
}

/** Deletes counters that expired more than an hour ago (what the library's own timer would do). */
export async function sweepExpiredRateLimits(prisma: PrismaClient, now: Date): Promise<number> {
  const { count } = await prisma.rateLimit.deleteMany({ where: { expire: { lt: new Date(now.getTime() - 3_600_000) } } });
  return count;
}
