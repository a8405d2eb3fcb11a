import type { WebDeps } from '../deps';
import { homePages } from './home';
import { outboxPages } from './outbox';
import type { AnyPage } from './page';
import { spokeApplicationPages } from './spoke-applications';
import { usersPages } from './users';

/** Every page behind sign-in (the sign-in pages themselves are mounted by setUpAuthentication). */
export function allPages(_deps: WebDeps): readonly AnyPage[] {
  return [...homePages, ...usersPages, ...outboxPages, ...spokeApplicationPages];
}
