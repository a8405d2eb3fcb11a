/**
 * What a database error means for whoever sees it: retry (the database is away, or a race lost
 * on a unique key) or give up (the database will never accept this value). Prisma raises the
 * same PostgreSQL error in several shapes depending on the driver adapter (PGlite or pg), so
 * every check reads the SQLSTATE wherever the shape keeps it. Errors are matched by name, not
 * instanceof: jest's module registry breaks instanceof across packages.
 */

interface ErrorShape {
  name?: string;
  code?: unknown;
  message?: unknown;
  cause?: { kind?: unknown; code?: unknown; originalCode?: unknown };
  meta?: { code?: unknown; driverAdapterError?: { cause?: { originalCode?: unknown; kind?: unknown } } };
}

const shape = (error: unknown): ErrorShape => (typeof error === 'object' && error !== null ? (error as ErrorShape) : {});

/** The PostgreSQL SQLSTATE behind a Prisma or driver-adapter error, when there is one. */
export function sqlState(error: unknown): string | undefined {
  const e = shape(error);
  const found = e.meta?.driverAdapterError?.cause?.originalCode ?? e.meta?.code ?? e.cause?.originalCode ?? e.cause?.code;
  return typeof found === 'string' && /^[0-9A-Z]{5}$/.test(found) ? found : undefined;
}

/** Another writer got there first (23505): reading again finds its row. */
export function isUniqueViolation(error: unknown): boolean {
  return shape(error).code === 'P2002' || sqlState(error) === '23505';
}

/**
 * The database is down, restarting, full or cut the connection (Prisma's connection errors, or
 * SQLSTATE classes 08 "connection exception" and 57P "operator intervention", and 53300 "too
 * many connections"): nothing was done, and the same request can be sent again.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const e = shape(error);
  if (e.name !== 'PrismaClientKnownRequestError' && e.name !== 'PrismaClientInitializationError' && e.name !== 'DriverAdapterError') {
    return false;
  }
  if (['P1001', 'P1002', 'P1008', 'P1017', 'P2024'].includes(String(e.code))) return true;
  const kind = e.meta?.driverAdapterError?.cause?.kind ?? e.cause?.kind;
  return /^(08|57P|53300)/.test(sqlState(error) ?? '') || kind === 'DatabaseNotReachable';
}

/** Prisma's codes for a value the column cannot hold, when no SQLSTATE comes with them. */
const PRISMA_DATA_ERRORS = ['P2000', 'P2005', 'P2006', 'P2007', 'P2011', 'P2012', 'P2019', 'P2020', 'P2023', 'P2033'];

/**
 * A value the database will never accept, so retrying the same write cannot help: SQLSTATE
 * class 22 "data exception" (a NUL character in text or JSON, a number out of range, a date it
 * cannot represent), class 23 "integrity constraint violation" except the races a retry
 * resolves (23505 unique, 23P01 exclusion), 54000 (a value too large for an index), and
 * values Prisma refuses before sending them (an invalid Date, a lone UTF-16 surrogate).
 */
export function isPermanentDataError(error: unknown): boolean {
  const e = shape(error);
  const state = sqlState(error);
  if (state) return state.startsWith('22') || (state.startsWith('23') && state !== '23505' && state !== '23P01') || state === '54000';
  if (e.name === 'PrismaClientValidationError') return true;
  if (e.name === 'PrismaClientKnownRequestError') return PRISMA_DATA_ERRORS.includes(String(e.code));
  // The query compiler could not serialise an argument (seen for a lone surrogate and for a
  // date beyond year 9999); it says so only in its message.
  return e.name === 'PrismaClientUnknownRequestError' && /JSON Error|Could not convert argument value/.test(String(e.message));
}
