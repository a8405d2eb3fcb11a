import express, { type Router } from 'express';
import { actorFromUser } from '../../api/auth/authenticate';
import type { SignedInSession } from '../../api/auth/sessions';
import type { Role } from '../../domain/roles';
import type { CurrentUser } from '../pages/page';

/** The signed-in person, for handlers (res.locals.user) and every view (`user`). */
export function setUpCurrentUser(): Router {
  const router = express.Router();
  router.use((_req, res, next) => {
    const session = res.locals.session as SignedInSession | undefined;
    if (session) {
      const user: CurrentUser = {
        id: session.user.id,
        name: session.user.name,
        email: session.user.email,
        role: session.user.role as Role,
        actor: actorFromUser(session.user),
        csrfToken: session.csrfToken,
      };
      res.locals.user = user;
      res.locals.actor = user.actor; // the request log names who acted
    }
    next();
  });
  return router;
}
