/** The signed-in person's home page: who they are, and signing out. Issue 17 adds their work. */
import type { SignedInSession } from '../../api/auth/sessions';
import { ROLES } from '../../domain/roles';
import { definePage, render } from './page';

export const homePages = [
  definePage({
    method: 'get',
    path: '/',
    summary: 'See your home page',
    policy: { roles: ROLES },
    async handler({ user, res }) {
      const session = res.locals.session as SignedInSession;
      return render('pages/home.njk', {
        pageTitle: 'Your Trainflow',
        person: user,
        signedInAt: session.signedInAt,
        signedInWith: session.method,
        expiresAt: session.expiresAt,
      });
    },
  }),
];
