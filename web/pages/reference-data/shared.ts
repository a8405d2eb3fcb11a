import type { Role } from '../../../domain/roles';

/** Who may see the reference data pages: administrators, as only they may create it (api/auth/reference-scope.ts). */
export const REFERENCE_DATA_ADMINS: readonly Role[] = ['admin'];
