/**
 * The home page is a list of sections, each for some roles: what needs your action now, then
 * the lists of everything else in your scope. A section loads its own model and names the
 * partial that shows it (web/views/partials/home/). To add one (spoke applications for hub
 * leads and practice managers, users for admins), write a HomeSection and list it in
 * web/pages/home/index.ts: the page, its filters and its paging need nothing else.
 */
import { z } from 'zod';
import { IdSchema } from '../../../domain/reference-data';
import type { Role } from '../../../domain/roles';
import type { WebDeps } from '../../deps';
import type { CurrentUser } from '../page';

/**
 * The home page's query: the filters of its lists and the page number. Not strict: a link with
 * extra parameters still opens the home page. A status is checked by the list it belongs to.
 */
export const HomeQuery = z.object({
  status: z
    .string()
    .regex(/^[A-Z_]{1,40}$/)
    .optional()
    .or(z.literal('').transform(() => undefined)),
  intakeId: IdSchema.optional().or(z.literal('').transform(() => undefined)),
  universityId: IdSchema.optional().or(z.literal('').transform(() => undefined)),
  organisationId: IdSchema.optional().or(z.literal('').transform(() => undefined)),
  hubId: IdSchema.optional().or(z.literal('').transform(() => undefined)),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  /** The spoke list's own filter and page, so paging one list does not move the other. */
  spokeStatus: z
    .string()
    .regex(/^[A-Z_]{1,40}$/)
    .optional()
    .or(z.literal('').transform(() => undefined)),
  spokePage: z.coerce.number().int().min(1).max(100_000).default(1),
});
export type HomeQuery = z.infer<typeof HomeQuery>;

export interface HomeContext {
  user: CurrentUser;
  query: HomeQuery;
  deps: WebDeps;
  now: Date;
}

export interface HomeSection {
  /** Unique on the page: the id of its heading. */
  id: string;
  /** Who sees it. Sections show in the order they are listed. */
  roles: readonly Role[];
  /** Its partial, under web/views/partials/home/. */
  view: string;
  /** Its model, or undefined when it has nothing to show. */
  load(ctx: HomeContext): Promise<Record<string, unknown> | undefined>;
}
