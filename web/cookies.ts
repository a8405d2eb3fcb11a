/**
 * The cookies pages set. On https (PUBLIC_URL) they are Secure and carry the __Host- prefix, which
 * browsers accept only from a secure origin, for the whole site, with no Domain: no other site or
 * subdomain can set or overwrite them. SameSite=Lax: a form posted from another site carries none.
 */
import type { CookieOptions } from 'express';

export interface CookieSettings {
  session: string;
  signIn: string;
  options: CookieOptions;
}

export function cookieSettings(publicUrl: string): CookieSettings {
  const secure = new URL(publicUrl).protocol === 'https:';
  const prefix = secure ? '__Host-' : '';
  return {
    session: `${prefix}trainflow_session`,
    signIn: `${prefix}trainflow_sign_in`,
    options: { httpOnly: true, sameSite: 'lax', secure, path: '/' },
  };
}
