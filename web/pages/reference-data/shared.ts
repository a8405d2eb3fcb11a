import type { Role } from '../../../domain/roles';

/** Who may see the reference data pages: administrators, as only they may create it (api/auth/reference-scope.ts). */
export const REFERENCE_DATA_ADMINS: readonly Role[] = ['admin'];

/** "a university", "an intake": the article before a kind's name. */
export const withArticle = (word: string) => `${/^[aeiou]/i.test(word) && !/^uni/i.test(word) ? 'an' : 'a'} ${word}`;
