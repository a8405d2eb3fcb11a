/**
 * How a field error is named. Each error's `path` is the dotted form every route answers, with its
 * location (`body.rows.1.wte`); people and the contract write `rows[1].wte`, so details use that.
 * Pure: the API, the pages and the workflows' validators share it.
 */
export interface FieldError {
  path: string;
  message: string;
}

/** `body.rows.1.wte` → `rows[1].wte`; `query.status` → `status`. */
export function fieldName(path: string): string {
  const [location, ...rest] = path.split('.');
  const segments = ['body', 'query', 'params'].includes(location!) && rest.length ? rest : [location!, ...rest];
  return segments.reduce((name, segment) => (/^\d+$/.test(segment) ? `${name}[${segment}]` : name ? `${name}.${segment}` : segment), '');
}

/** "Invalid body: rows[1].wte must be at least 0; rows[2].profession unknown field". */
export const invalidDetail = (where: string, errors: readonly FieldError[]) =>
  `Invalid ${where}: ${errors.map((e) => `${fieldName(e.path)} ${e.message}`).join('; ')}`;
