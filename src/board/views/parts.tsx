/** Pieces the board's pages share: the "who runs this" notice, dates, post bodies as text, report links. */
import type { Language } from '../../db/schema.ts'
import { reportPath } from '../../moderation/service.ts'
import type { ViewContext } from '../../web/context.ts'
import { maskIdentityNumbers } from '../../web/identity-numbers.ts'

// Building an Intl.DateTimeFormat costs far more than using one: one per language and time zone.
const formats = new Map<string, Intl.DateTimeFormat>()

export function formatDate(iso: string, language: Language, timeZone: string): string {
  const key = `${language} ${timeZone}`
  let format = formats.get(key)
  if (!format) {
    format = new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : language, {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone,
    })
    formats.set(key, format)
  }
  return format.format(new Date(iso))
}

/**
 * A post's text as escaped paragraphs: HTML in a post is shown as the characters typed. Identity numbers are
 * masked too: moderation keeps posts with one off the board, and an author looking at their own waiting post
 * need not see theirs on screen again.
 */
export function PostText({ text }: { text: string }): JSX.Element {
  return (
    <div class="board-post-text">
      {maskIdentityNumbers(text)
        .split(/\n{2,}/)
        .filter((p) => p.trim())
        .map((p) => (
          <p class="board-paragraph" safe>
            {p}
          </p>
        ))}
    </div>
  )
}

export function ReportLink({ ctx, itemId, label }: { ctx: ViewContext; itemId: string | null; label: string }) {
  if (!itemId || !ctx.municipality) return ''
  return (
    <a class="function-link board-report" href={reportPath(ctx.municipality.slug, itemId)} safe>
      {label}
    </a>
  )
}

/** Who runs the board, that it is apolitical, and where its rules and decisions are. */
export function AboutBoard({ ctx }: { ctx: ViewContext }): JSX.Element {
  const { t } = ctx
  const m = ctx.municipality
  if (!m) return ''
  return (
    <div class="alert alert-info board-about">
      <div class="alert-body">
        <p class="alert-text" safe>
          {t('board.about.run_by', { municipality: m.name })}
        </p>
        <p class="alert-text">
          <a href={`/${m.slug}/house-rules`} safe>
            {t('board.about.house_rules')}
          </a>
          {' · '}
          <a href={`/${m.slug}/moderation-log`} safe>
            {t('board.about.moderation_log')}
          </a>
          {' · '}
          <a href={`/${m.slug}/me`} safe>
            {t('board.about.my_posts')}
          </a>
        </p>
      </div>
    </div>
  )
}
