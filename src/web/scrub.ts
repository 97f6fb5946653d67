/**
 * Remove personal data from text meant for logs: e-mail addresses, Danish CPR and Swedish
 * personnummer shapes, bearer tokens and the secrets of private links. Logs must never become a second
 * register of citizens.
 * Deliberately broad: any 10- or 12-digit date-like number goes, because a log loses nothing by it.
 */
const EMAIL = /[\w.+-]+@[\w-]+(\.[\w-]+)+/g
const IDENTITY_NUMBER = /\b(\d{2})?\d{6}[-+\s]?\d{4}\b/g
const BEARER = /(bearer\s+)[\w.~+/-]+=*/gi
const TOKEN_PARAM = /([?&](token|key|secret)=)[^&\s]+/gi
// Secret links carry their secret in the path (a status page, a saved form, a sign-in, appeal, invitation or
// unsubscribe link): whoever reads it may use it, so a log must not hold it.
const SECRET_PATH = /(\/(?:s|link|drafts|appeal|invite|unsubscribe)\/)[\w.~-]{16,}/g

export function scrubPersonalData(text: string): string {
  return text
    .replace(EMAIL, '[email]')
    .replace(IDENTITY_NUMBER, '[id-number]')
    .replace(BEARER, '$1[token]')
    .replace(TOKEN_PARAM, '$1[redacted]')
    .replace(SECRET_PATH, '$1[secret]')
}
