/** Pieces shared by the dialog pages: the mandate at the top, the phase badge, dates and paragraphs. */
import type { DialogRow, DialogTextRow } from '../../db/tables/dialogs.ts'
import { dateTimeFormat, LOCALES } from '../../i18n/intl.ts'
import type { ViewContext } from '../../web/context.ts'
import type { Phase } from '../mandate.ts'

/** A local date (YYYY-MM-DD) as the reader writes dates, e.g. "12. marts 2026". */
export function formatDay(date: string | null, ctx: Pick<ViewContext, 'lang'>): string {
  if (!date) return ''
  return dateTimeFormat(LOCALES[ctx.lang], { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`))
}

export function formatAmount(amount: number, ctx: Pick<ViewContext, 'lang'>, currency: string): string {
  return `${new Intl.NumberFormat(LOCALES[ctx.lang]).format(amount)} ${currency}`
}

const PHASE_BADGE: Record<Phase, string> = {
  draft: 'badge',
  upcoming: 'badge badge-info',
  open: 'badge badge-success',
  closed: 'badge badge-info',
  awaiting_feedback: 'badge badge-warning',
  concluded: 'badge',
}

export function PhaseBadge({ ctx, phase }: { ctx: ViewContext; phase: Phase }): JSX.Element {
  return (
    <span class={PHASE_BADGE[phase]} safe>
      {ctx.t(`dialogs.phase.${phase}`)}
    </span>
  )
}

/** Paragraphs as written, each line escaped. */
export function Paragraphs({ text }: { text: string }): JSX.Element {
  return (
    <div class="dialog-text">
      {text
        .split(/\r?\n\s*\r?\n/)
        .filter((p) => p.trim())
        .map((paragraph) => (
          <p safe>{paragraph}</p>
        ))}
    </div>
  )
}

/** The mandate in plain language, at the top of every dialog page. */
export function Mandate({
  ctx,
  dialog,
  texts,
  phase,
  department,
}: {
  ctx: ViewContext
  dialog: DialogRow
  texts: DialogTextRow
  phase: Phase
  department: string
}): JSX.Element {
  const { t } = ctx
  const rows: [string, string][] = [
    [t('dialogs.mandate.phase'), t(`dialogs.phase.${phase}`)],
    [
      t('dialogs.mandate.period'),
      t('dialogs.mandate.period_value', {
        start: formatDay(dialog.starts_on, ctx),
        end: formatDay(dialog.ends_on, ctx),
      }),
    ],
    [t('dialogs.mandate.purpose'), texts.purpose],
    [t('dialogs.mandate.decides'), texts.decides],
    [t('dialogs.mandate.open_for'), texts.open_for],
    [t('dialogs.mandate.not_open_for'), texts.not_open_for],
    [t('dialogs.mandate.input_use'), texts.input_use],
    [t('dialogs.mandate.feedback_due'), formatDay(dialog.feedback_due_on, ctx)],
    [t('dialogs.mandate.department'), department],
    [t('dialogs.mandate.contact'), `${dialog.contact_name} (${dialog.contact_email})`],
  ]
  if (dialog.location) rows.push([t('dialogs.mandate.location'), dialog.location])
  return (
    <section class="dialog-mandate" aria-labelledby="mandate-heading">
      <h2 id="mandate-heading" safe>
        {t('dialogs.mandate.heading')}
      </h2>
      <dl class="receipt-facts">
        {rows.map(([label, value]) => (
          <>
            <dt safe>{label}</dt>
            <dd safe>{value}</dd>
          </>
        ))}
      </dl>
    </section>
  )
}
