/**
 * Sanitised HTML for showing a citizen's e-mail to staff. An allow-list re-serialiser on top of
 * htmlparser2 (the tokenizer html-to-text and mailparser already use): only the listed tags and
 * attributes survive, text is re-escaped, and images survive only as `cid:` references to the
 * message's own attachments, so a remote image (a tracking pixel) is never fetched when staff open
 * the mail. Scripts, styles, forms, frames and event handlers cannot pass an allow-list.
 */
import { Parser } from 'htmlparser2'

const ALLOWED_TAGS = new Set(
  (
    'a abbr b blockquote br caption cite code dd del div dl dt em h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p pre ' +
    'q s small span strike strong sub sup table tbody td tfoot th thead tr u ul'
  ).split(' '),
)
const VOID_TAGS = new Set(['br', 'hr', 'img'])
/** Elements whose content is dropped along with them, not just their tags. */
const DROP_WITH_CONTENT = new Set([
  'head',
  'title',
  'style',
  'script',
  'noscript',
  'template',
  'iframe',
  'object',
  'embed',
  'svg',
  'math',
  'textarea',
  'select',
  'xmp',
])
const ALLOWED_ATTRIBUTES: Record<string, Set<string>> = {
  a: new Set(['href', 'title']),
  img: new Set(['src', 'alt', 'title', 'width', 'height']),
  td: new Set(['colspan', 'rowspan']),
  th: new Set(['colspan', 'rowspan']),
  ol: new Set(['start']),
}

function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

function escapeAttribute(value: string): string {
  return escapeText(value).replace(/"/g, '&quot;')
}

function allowedValue(tag: string, name: string, value: string): boolean {
  if (name === 'href') return /^(https?:|mailto:)/i.test(value.trim())
  if (name === 'src') return tag === 'img' && /^cid:/i.test(value.trim())
  if (name === 'width' || name === 'height' || name === 'colspan' || name === 'rowspan' || name === 'start') {
    return /^\d{1,4}$/.test(value)
  }
  return true
}

function openTag(tag: string, attribs: Record<string, string>): string | null {
  const allowed = ALLOWED_ATTRIBUTES[tag]
  const kept: string[] = []
  for (const [name, value] of Object.entries(attribs)) {
    if (allowed?.has(name) && allowedValue(tag, name, value)) kept.push(` ${name}="${escapeAttribute(value)}"`)
  }
  // An image without a cid: source would only show a broken frame.
  if (tag === 'img' && !('src' in attribs && kept.some((a) => a.startsWith(' src=')))) return null
  if (tag === 'a' && kept.some((a) => a.startsWith(' href='))) kept.push(' rel="noopener noreferrer nofollow"')
  return `<${tag}${kept.join('')}>`
}

/**
 * Returns `html` reduced to the allow-listed tags and attributes, with all open tags closed.
 *
 * @example sanitizeHtml('<p onclick="x()">Hej<script>evil()</script></p>') // '<p>Hej</p>'
 */
export function sanitizeHtml(html: string): string {
  const out: string[] = []
  const open: string[] = []
  let dropDepth = 0
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (dropDepth > 0 || DROP_WITH_CONTENT.has(name)) {
          if (!VOID_TAGS.has(name)) dropDepth++
          return
        }
        if (!ALLOWED_TAGS.has(name)) return
        const tag = openTag(name, attribs)
        if (tag === null) return
        out.push(tag)
        if (!VOID_TAGS.has(name)) open.push(name)
      },
      ontext(text) {
        if (dropDepth === 0) out.push(escapeText(text))
      },
      onclosetag(name) {
        if (dropDepth > 0) {
          if (!VOID_TAGS.has(name)) dropDepth--
          return
        }
        const at = open.lastIndexOf(name)
        if (at === -1) return
        // Close anything left open inside, so the output stays well nested.
        while (open.length > at) out.push(`</${open.pop()}>`)
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: true },
  )
  parser.write(html)
  parser.end()
  while (open.length > 0) out.push(`</${open.pop()}>`)
  return out.join('').trim()
}
