/**
 * Request URLs as they may appear in logs: the secrets some URLs carry (a calendar feed's token,
 * a sign-in link, the code a sign-in provider sends back) are replaced.
 */
export function redactSecretsInUrl(url: string | undefined): string | undefined {
  return url
    ?.replace(/^\/calendar\/[^/?#]*/, '/calendar/[token].ics')
    .replace(/^\/sign-in\/email\/tfsl_[^/?#]*/, '/sign-in/email/[token]')
    .replace(/^(\/sign-in\/oidc\/[^/?#]+\/callback)\?.*$/, '$1?[redacted]');
}
