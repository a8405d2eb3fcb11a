import type { Router } from 'express';
import type { WebDeps } from '../deps';
import { mountPages } from '../pages/router';
import { signInPages } from '../pages/sign-in';

/** The ways in and out: sign-in pages (single sign-on, email links) and sign-out. */
export function setUpAuthentication(deps: WebDeps): Router {
  return mountPages(signInPages(deps), deps);
}
