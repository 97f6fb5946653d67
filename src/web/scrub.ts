/**
 * Remove personal data from text meant for logs: e-mail addresses, Danish CPR and Swedish
 * personnummer shapes, and bearer tokens. Logs must never become a second register of citizens.
 * Deliberately broad: any 10- or 12-digit date-like number goes, because a log loses nothing by it.
 */
const EMAIL = /[\w.+-]+@[\w-]+(\.[\w-]+)+/g
const IDENTITY_NUMBER = /\b(\d{2})?\d{6}[-+\s]?\d{4}\b/g
const BEARER = /(bearer\s+)[\w.~+/-]+=*/gi
const TOKEN_PARAM = /([?&](token|key|secret)=)[^&\s]+/gi

export function scrubPersonalData(text: string): string {
  return text
    .replace(EMAIL, '[email]')
    .replace(IDENTITY_NUMBER, '[id-number]')
    .replace(BEARER, '$1[token]')
    .replace(TOKEN_PARAM, '$1[redacted]')
}
