/**
 * The moderation queue: every waiting post with its findings marked where they are, its reports, and
 * for an appeal the decision appealed; one small form per decision (real buttons, works without a
 * script), and a bulk form the items' checkboxes belong to. `moderation-queue.js` adds live updates
 * (the `moderation` event stream) and the keyboard scheme explained on the page.
 */

import { CsrfField, ErrorSummary, SuccessNotice } from '../../web/components.tsx'
import type { ViewContext } from '../../web/context.ts'
import type { FieldErrors } from '../../web/errors.ts'
import { maskIdentityNumbers } from '../../web/identity-numbers.ts'
import { Layout } from '../../web/layout.tsx'
import { BLOCK_DAYS } from '../blocks.ts'
import type { QueueItem } from '../queue.ts'
import type { HouseRules } from '../rules.ts'
import type { ModerationMode } from '../service.ts'
import { findingReason, formatDateTime, MarkedText, ruleTitleIn } from './parts.tsx'

export const QUEUE_SCRIPT = '/assets/app/moderation-queue.js'

export interface QueueNotice {
  done?: string | undefined
  count?: number | undefined
  refused?: number | undefined
}

function RuleSelect(props: {
  ctx: ViewContext
  id: string
  rules: HouseRules
  value?: string
  required?: boolean
  errors?: FieldErrors | undefined
  field: string
}) {
  const { t } = props.ctx
  const error = props.errors?.[props.field]
  return (
    <div class={error ? 'form-group form-error' : 'form-group'}>
      <label class="form-label" for={props.id} safe>
        {t('moderation.queue.rule')}
      </label>
      {error ? (
        <span class="form-error-message" id={`${props.id}-error`} safe>
          {t(error.key, error.vars)}
        </span>
      ) : (
        ''
      )}
      <select
        class="form-select"
        id={props.id}
        name="rule"
        data-key-rule
        {...(error ? { 'aria-invalid': 'true', 'aria-describedby': `${props.id}-error` } : {})}
      >
        <option value="" safe>
          {t('moderation.queue.rule_choose')}
        </option>
        {props.rules.rules.map((r) => (
          <option value={r.code} selected={r.code === props.value} safe>
            {r.title}
          </option>
        ))}
      </select>
    </div>
  )
}

function ReasonField({ ctx, id, label }: { ctx: ViewContext; id: string; label?: string }) {
  return (
    <div class="form-group">
      <label class="form-label" for={id} safe>
        {label ?? ctx.t('moderation.queue.reason')}
      </label>
      <span class="form-hint" id={`${id}-hint`} safe>
        {ctx.t('moderation.queue.reason_hint')}
      </span>
      <textarea class="form-input" id={id} name="reason" rows="2" aria-describedby={`${id}-hint`}></textarea>
    </div>
  )
}

function Item(props: {
  ctx: ViewContext
  entry: QueueItem
  rules: HouseRules
  kindLabel: (kind: string) => string
  canHandOff: boolean
  errors?: FieldErrors | undefined
}) {
  const { ctx, entry, rules } = props
  const { t } = ctx
  const { item, findings } = entry
  const slug = ctx.municipality?.slug ?? ''
  const tz = ctx.municipality?.time_zone ?? 'UTC'
  const id = item.id
  const action = `/${slug}/staff/moderation/${id}/decide`
  const current = item.edited_text ?? item.text
  // Identity numbers are masked in the view and in the edit box: editing them out is accepting the mask.
  const shown = maskIdentityNumbers(current)
  const appeal = item.appeal_state === 'open'
  const mine = appeal && item.hidden_by === ctx.staff?.userId
  const label = props.kindLabel(item.kind)
  const revision = <input type="hidden" name="revision" value={String(item.revision)} />
  return (
    <article
      class="moderation-item"
      id={`item-${id}`}
      data-item
      data-revision={String(item.revision)}
      aria-labelledby={`item-${id}-heading`}
      tabindex="-1"
    >
      <h2 class="h3" id={`item-${id}-heading`} safe>
        {`${label} · ${t(`moderation.state.${item.state}`)}${appeal ? ` · ${t('moderation.queue.appeal')}` : ''}${item.reports_count > 0 ? ` · ${t('moderation.queue.reports', { count: item.reports_count })}` : ''}`}
      </h2>
      <div class="form-group-checkbox">
        <input
          type="checkbox"
          class="form-checkbox"
          id={`select-${id}`}
          name="items"
          value={`${id}:${item.revision}`}
          form="bulk-form"
          data-key-select
        />
        <label for={`select-${id}`} safe>
          {t('moderation.queue.select', { kind: label, author: item.author_name })}
        </label>
      </div>
      <p class="moderation-meta">
        <span safe>
          {t('moderation.queue.by', { author: item.author_name, when: formatDateTime(item.created_at, ctx.lang, tz) })}
        </span>{' '}
        · <span safe>{t(`moderation.mode.${item.mode as ModerationMode}`)}</span>
        {item.state === 'published' ? (
          <>
            {' · '}
            <a href={item.path} safe>
              {t('moderation.queue.where')}
            </a>
          </>
        ) : (
          ''
        )}
      </p>
      {item.edited_text !== null ? (
        <p class="form-hint" safe>
          {t('moderation.queue.edited')}
        </p>
      ) : (
        ''
      )}
      <MarkedText
        t={t}
        text={shown}
        findings={item.edited_text === null ? findings : []}
        idPrefix={`item-${id}`}
        lang={item.language}
        readerLang={ctx.lang}
      />
      {findings.length > 0 ? (
        <>
          <h3 class="h5" safe>
            {t('moderation.queue.findings')}
          </h3>
          <ol class="moderation-findings">
            {findings.map((f) => (
              <li
                safe
              >{`${findingReason(t, f)} — ${t('moderation.queue.rule')}: ${ruleTitleIn(rules, f.rule)}${f.neverPublic ? ` — ${t('moderation.queue.never_public')}` : ''}`}</li>
            ))}
          </ol>
        </>
      ) : (
        <p safe>{t('moderation.queue.no_findings')}</p>
      )}
      {entry.reports.length > 0 ? (
        <>
          <h3 class="h5" safe>
            {t('moderation.queue.reports_heading')}
          </h3>
          <ul>
            {entry.reports.map((r) => (
              <li safe>{`${ruleTitleIn(rules, r.rule)}${r.note ? `: ${maskIdentityNumbers(r.note)}` : ''}`}</li>
            ))}
          </ul>
        </>
      ) : (
        ''
      )}
      {appeal && entry.hidden ? (
        <div class="alert alert-info">
          <div class="alert-body">
            <p class="alert-heading" safe>
              {t('moderation.queue.appeal_heading', {
                rule: ruleTitleIn(rules, entry.hidden.rule),
                by: entry.hidden.by ?? '',
              })}
            </p>
            {entry.hidden.reason ? (
              <p class="alert-text" safe>
                {t('moderation.mail.reason', { reason: entry.hidden.reason })}
              </p>
            ) : (
              ''
            )}
            <p class="alert-text" safe>
              {t('moderation.queue.appeal_text', { text: maskIdentityNumbers(item.appeal_text ?? '') })}
            </p>
          </div>
        </div>
      ) : (
        ''
      )}
      {mine ? (
        <div class="alert alert-warning">
          <div class="alert-body">
            <p class="alert-text" safe>
              {t('moderation.appeal.same_moderator')}
            </p>
          </div>
        </div>
      ) : (
        <div class="moderation-actions">
          <form method="post" action={action} class="inline-form">
            <CsrfField token={ctx.csrfToken} />
            {revision}
            <input type="hidden" name="action" value="approve" />
            <button type="submit" class="button button-primary" data-key-approve safe>
              {appeal ? t('moderation.queue.grant') : t('moderation.queue.approve')}
            </button>
          </form>
          <form method="post" action={action}>
            <CsrfField token={ctx.csrfToken} />
            {revision}
            <input type="hidden" name="action" value="hide" />
            <fieldset>
              <legend class="h5" safe>
                {appeal ? t('moderation.queue.uphold') : t('moderation.queue.hide')}
              </legend>
              <RuleSelect
                ctx={ctx}
                id={`field-rule-${id}`}
                field={`rule-${id}`}
                rules={rules}
                value={appeal ? (item.rule ?? '') : (findings[0]?.rule ?? '')}
                errors={props.errors}
              />
              <ReasonField ctx={ctx} id={`reason-${id}`} />
              <button type="submit" class="button button-secondary" safe>
                {appeal ? t('moderation.queue.uphold') : t('moderation.queue.hide')}
              </button>
            </fieldset>
          </form>
          <details class="moderation-details" data-key-edit>
            <summary safe>{t('moderation.queue.edit')}</summary>
            <form method="post" action={action}>
              <CsrfField token={ctx.csrfToken} />
              {revision}
              <input type="hidden" name="action" value="edit" />
              <div class={props.errors?.[`text-${id}`] ? 'form-group form-error' : 'form-group'}>
                <label class="form-label" for={`field-text-${id}`} safe>
                  {t('moderation.queue.edit_text')}
                </label>
                <span class="form-hint" id={`field-text-${id}-hint`} safe>
                  {t('moderation.queue.edit_hint')}
                </span>
                {props.errors?.[`text-${id}`] ? (
                  <span class="form-error-message" safe>
                    {t(props.errors[`text-${id}`]?.key ?? 'web.error.bad_request')}
                  </span>
                ) : (
                  ''
                )}
                <textarea
                  class="form-input"
                  id={`field-text-${id}`}
                  name="text"
                  rows="5"
                  aria-describedby={`field-text-${id}-hint`}
                  safe
                >
                  {shown}
                </textarea>
              </div>
              <button type="submit" class="button button-secondary" safe>
                {t('moderation.queue.edit_submit')}
              </button>
            </form>
          </details>
          {props.canHandOff ? (
            <form method="post" action={action} class="inline-form">
              <CsrfField token={ctx.csrfToken} />
              {revision}
              <input type="hidden" name="action" value="hand_off" />
              <button type="submit" class="button button-secondary" safe>
                {t('moderation.queue.hand_off')}
              </button>
            </form>
          ) : (
            ''
          )}
          <details class="moderation-details">
            <summary safe>{t('moderation.queue.block')}</summary>
            <form method="post" action={`/${slug}/staff/moderation/${id}/block`}>
              <CsrfField token={ctx.csrfToken} />
              <div class="form-group">
                <label class="form-label" for={`days-${id}`} safe>
                  {t('moderation.queue.block_days')}
                </label>
                <select class="form-select" id={`days-${id}`} name="days">
                  {BLOCK_DAYS.map((d) => (
                    <option value={String(d)} safe>
                      {t('moderation.queue.days', { count: d })}
                    </option>
                  ))}
                </select>
              </div>
              <div class="form-group">
                <label class="form-label" for={`block-rule-${id}`} safe>
                  {t('moderation.queue.rule')}
                </label>
                <select class="form-select" id={`block-rule-${id}`} name="rule">
                  {rules.rules.map((r) => (
                    <option value={r.code} safe>
                      {r.title}
                    </option>
                  ))}
                </select>
              </div>
              <ReasonField ctx={ctx} id={`block-reason-${id}`} />
              <button type="submit" class="button button-secondary" safe>
                {t('moderation.queue.block_submit')}
              </button>
            </form>
          </details>
        </div>
      )}
    </article>
  )
}

export function QueuePage(props: {
  ctx: ViewContext
  items: QueueItem[]
  /** All waiting items; the page shows the oldest `items`. */
  total: number
  rules: HouseRules
  kindLabel: (kind: string) => string
  canHandOff: (kind: string) => boolean
  notice?: QueueNotice
  errors?: FieldErrors | undefined
}) {
  const { ctx, items, rules, notice } = props
  const { t } = ctx
  const slug = ctx.municipality?.slug ?? ''
  const base = `/${slug}/staff/moderation`
  return (
    <Layout ctx={ctx} title={t('moderation.queue.title')} scripts={[QUEUE_SCRIPT]}>
      <h1 safe>{t('moderation.queue.title')}</h1>
      <p class="font-lead" safe>
        {t('moderation.queue.lead')}
      </p>
      <ErrorSummary t={t} errors={props.errors} />
      {notice?.done ? (
        <SuccessNotice
          text={
            notice.done === 'bulk'
              ? t('moderation.queue.bulk_done', { count: notice.count ?? 0, refused: notice.refused ?? 0 })
              : t(`moderation.queue.done_${notice.done === 'blocked' ? 'blocked' : 'decided'}`)
          }
        />
      ) : (
        ''
      )}
      <div
        id="moderation-announcer"
        class="sr-only"
        aria-live="polite"
        data-one={t('moderation.queue.live_one')}
        data-other={t('moderation.queue.live_other')}
        data-gone={t('moderation.queue.live_gone')}
      ></div>
      <p id="moderation-summary" data-live-swap>
        <span safe>{t('moderation.queue.count', { count: props.total })}</span>{' '}
        {props.total > items.length ? (
          <span safe>{t('moderation.queue.oldest_shown', { shown: items.length })}</span>
        ) : (
          ''
        )}{' '}
        <a href={base} data-events={`${base}/events`} id="moderation-reload" safe>
          {t('moderation.queue.reload')}
        </a>
      </p>
      <p>
        <a href={`${base}/export.csv`} safe>
          {t('moderation.queue.export')}
        </a>
        {' · '}
        <a href={`/${slug}/moderation-log`} safe>
          {t('moderation.log.title')}
        </a>
        {' · '}
        <a href={`/${slug}/house-rules`} safe>
          {t('moderation.rules.title')}
        </a>
        {' · '}
        <a href={`${base}/blocks`} safe>
          {t('moderation.blocks.title')}
        </a>
      </p>
      <details class="moderation-details">
        <summary safe>{t('moderation.queue.keys_heading')}</summary>
        <p safe>{t('moderation.queue.keys_lead')}</p>
        <ul>
          {(['j', 'k', 'a', 'h', 'e', 'x', 'r'] as const).map((key) => (
            <li>
              <kbd>{key}</kbd> <span safe>{t(`moderation.queue.key_${key}`)}</span>
            </li>
          ))}
        </ul>
      </details>
      {items.length > 0 ? (
        <form method="post" action={`${base}/bulk`} id="bulk-form" class="moderation-bulk">
          <CsrfField token={ctx.csrfToken} />
          <fieldset>
            <legend class="h4" safe>
              {t('moderation.queue.bulk_heading')}
            </legend>
            <p class="form-hint" safe>
              {t('moderation.queue.bulk_hint')}
            </p>
            <RuleSelect ctx={ctx} id="field-bulk-rule" field="bulk-rule" rules={rules} errors={props.errors} />
            <ReasonField ctx={ctx} id="bulk-reason" />
            <button type="submit" name="action" value="approve" class="button button-secondary" safe>
              {t('moderation.queue.bulk_approve')}
            </button>
            <button type="submit" name="action" value="hide" class="button button-secondary" safe>
              {t('moderation.queue.bulk_hide')}
            </button>
          </fieldset>
        </form>
      ) : (
        ''
      )}
      <div id="moderation-items" data-live-swap>
        {items.length === 0 ? (
          <p safe>{t('moderation.queue.empty')}</p>
        ) : (
          items.map((entry) => (
            <Item
              ctx={ctx}
              entry={entry}
              rules={rules}
              kindLabel={props.kindLabel}
              canHandOff={props.canHandOff(entry.item.kind)}
              errors={props.errors}
            />
          ))
        )}
      </div>
    </Layout>
  )
}
