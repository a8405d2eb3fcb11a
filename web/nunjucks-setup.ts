/**
 * The one place the views' environment is built: search paths (our views, then nhsuk-frontend's
 * dist/ so `{% from "nhsuk/components/button/macro.njk" import button %}` works), filters and
 * globals. Autoescaping is on: anything a person typed is escaped unless a view says otherwise.
 */
import path from 'node:path';
import nunjucks from 'nunjucks';
import { ROLE_NAMES, type Role } from '../domain/roles';
import { fieldId } from './forms';

export const VIEWS_DIR = path.join(__dirname, 'views');
export const NHSUK_DIST = path.join(path.dirname(require.resolve('nhsuk-frontend/package.json')), 'dist');

const londonDateTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  // h12, not hour12: en-GB's hour12 counts from 0 ("0:16 pm" for a quarter past noon).
  hourCycle: 'h12',
});
const londonDate = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' });

function asDate(value: unknown): Date | undefined {
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}

export function nunjucksSetup(options: { serviceName?: string } = {}): nunjucks.Environment {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader([VIEWS_DIR, NHSUK_DIST]), {
    autoescape: true,
    throwOnUndefined: false,
    trimBlocks: true,
    lstripBlocks: true,
  });
  env.addGlobal('serviceName', options.serviceName ?? 'Trainflow');
  /** The id of a form field's input, as the error summary links to it. */
  env.addGlobal('fieldId', fieldId);
  /** "1 December 2026, 9:05am", in UK time whatever the server's zone. */
  env.addFilter('dateTime', (value: unknown) => {
    const date = asDate(value);
    return date ? londonDateTime.format(date).replace(' am', 'am').replace(' pm', 'pm') : '';
  });
  /** "1 December 2026", in UK time. */
  env.addFilter('date', (value: unknown) => {
    const date = asDate(value);
    return date ? londonDate.format(date) : '';
  });
  /** A figure as people read it: "1,234.5"; with `decimals`, always that many ("0.80"). */
  env.addFilter('fairShareNumber', (value: unknown, decimals?: number) =>
    typeof value === 'number'
      ? value.toLocaleString(
          'en-GB',
          decimals === undefined ? { maximumFractionDigits: 2 } : { minimumFractionDigits: decimals, maximumFractionDigits: decimals },
        )
      : '',
  );
  /** A role as people say it. */
  env.addFilter('roleName', (role: string) => ROLE_NAMES[role as Role] ?? role);
  return env;
}
