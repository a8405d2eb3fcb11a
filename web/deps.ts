import type { Environment } from 'nunjucks';
import type { ApiDeps } from '../api/deps';
import type { OidcProviders } from './sign-in/oidc';

/** What pages use: the API's dependencies, the views, and the sign-in services. */
export interface WebDeps extends ApiDeps {
  views: Environment;
  oidc: OidcProviders;
}
