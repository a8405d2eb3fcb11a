import type { AnyRoute } from '../http/route';
import { adminRoutes } from './admin';
import { healthRoutes } from './health';
import { universityRoutes } from './universities';

/** Every route the API serves; the OpenAPI document is generated from this same list. */
export const allRoutes: readonly AnyRoute[] = [...healthRoutes, ...adminRoutes, ...universityRoutes];
