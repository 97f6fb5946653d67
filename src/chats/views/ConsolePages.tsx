/**
 * The two consoles of a running chat. The moderator's: the incoming queue in order, each question with
 * assign, reject (citing a house rule), merge and move; keyboard-driven (keys in `KEYS`, handled by
 * `chats-console.js`), and every action is also a plain form. The politician's: the questions assigned
 * to me, each with its answer box and the length limit. Both refresh live; without JavaScript, reload.
 */
import type { ChatQuestionRow } from '../../db/tables/chats.ts'
import type { MessageKey } from '../../i18n/index.ts'
import { CsrfField, SuccessNotice } from '../../web/components.tsx'
import type { ViewContext } from '../../web/context.ts'
import type { FieldErrors } from '../../web/errors.ts'
import { maskIdentityNumbers } from '../../web/identity-numbers.ts'
import { Layout } from '../../web/layout.tsx'
import { findingsOf } from '../questions.ts'
import type { ChatView } from '../sessions.ts'
import type { PanelMember } from '../store.ts'
import { phaseOf } from '../time.ts'
import { PhaseTag, publicPath, SCRIPT_CONSOLE, staffPath, TimeRange, when } from './parts.tsx'

/** The console's keys, documented on the page; `chats-console.js` implements the same list. */
export const KEYS: readonly [string, MessageKey][] = [
  ['j / k', 'chats.keys.next_previous'],
  ['a', 'chats.keys.assign'],
  ['1–9', 'chats.keys.assign_number'],
  ['r', 'chats.keys.reject'],
  ['m', 'chats.keys.merge'],
  ['u / d / t', 'chats.keys.move'],
  ['g', 'chats.keys.refresh'],
]

export interface ModerationQueue {
  pending: ChatQuestionRow[]
  assigned: ChatQuestionRow[]
  published: ChatQuestionRow[]
  closed: ChatQuestionRow[]
}

export interface RuleChoice {
  code: string
  title: string
}

const question = (q: ChatQuestionRow) => maskIdentityNumbers(q.body)

export function ModeratePage(props: {
  ctx: ViewContext
  view: ChatView
  queue: ModerationQueue
  rules: RuleChoice[]
  now: Date
  /** Why the last action was refused (another moderator was first, a field was wrong). */
  problem?: string | undefined
  problemFields?: FieldErrors | undefined
}): JSX.Element {
  const { ctx, view, queue } = props
  const { t } = ctx
  const slug = ctx.municipality?.slug ?? ''
  const base = staffPath(slug, view.chat.id)
  const names = new Map(view.politicians.map((p) => [p.user_id, p]))
  return (
    <Layout ctx={ctx} title={t('chats.moderate.title')} scripts={[SCRIPT_CONSOLE]}>
      <p>
        <a href={staffPath(slug)} safe>
          {t('chats.staff.title')}
        </a>
        {' · '}
        <a href={publicPath(slug, view.chat.id)} safe>
          {t('chats.staff.public_page')}
        </a>
      </p>
      <h1 safe>{`${t('chats.moderate.title')}: ${view.chat.title}`}</h1>
      <p>
        <PhaseTag ctx={ctx} phase={phaseOf(view.chat, props.now)} /> ·{' '}
        <TimeRange ctx={ctx} startsAt={view.chat.starts_at} endsAt={view.chat.ends_at} />
      </p>
      {props.problem ? (
        <div class="alert alert-error" role="alert" tabindex="-1" data-error-summary>
          <div class="alert-body">
            <p class="alert-heading" safe>
              {props.problem}
            </p>
            {Object.values(props.problemFields ?? {}).map((f) => (
              <p class="alert-text" safe>
                {t(f.key, f.vars)}
              </p>
            ))}
          </div>
        </div>
      ) : (
        ''
      )}
      <KeyHelp ctx={ctx} />
      <div id="console-announcer" class="sr-only" aria-live="polite" data-changed={t('chats.console.changed')}></div>
      <div id="console-main" data-live-list data-events={`${base}/moderate/events`} data-console="moderate">
        <h2 id="queue-pending" safe>
          {t('chats.moderate.pending', { count: queue.pending.length })}
        </h2>
        {queue.pending.length === 0 ? <p safe>{t('chats.moderate.none_pending')}</p> : ''}
        <ol class="nobullet-list chat-queue" aria-labelledby="queue-pending">
          {queue.pending.map((q) => (
            <QuestionCard ctx={ctx} base={base} q={q} politicians={view.politicians} rules={props.rules} />
          ))}
        </ol>
        <h2 id="queue-assigned" safe>
          {t('chats.moderate.assigned', { count: queue.assigned.length })}
        </h2>
        <ol class="nobullet-list chat-queue" aria-labelledby="queue-assigned">
          {queue.assigned.map((q) => (
            <QuestionCard
              ctx={ctx}
              base={base}
              q={q}
              politicians={view.politicians}
              rules={props.rules}
              assignedTo={names.get(q.assigned_to ?? '')}
            />
          ))}
        </ol>
        <h2 id="queue-published" safe>
          {t('chats.moderate.published', { count: queue.published.length })}
        </h2>
        <ol class="chat-done" aria-labelledby="queue-published">
          {queue.published.map((q) => (
            <li id={`q-${q.id}`} data-version={String(q.version)} safe>
              {`#${q.number} · ${names.get(q.answered_by ?? '')?.name ?? ''} · ${question(q)}`}
            </li>
          ))}
        </ol>
        <h2 id="queue-closed" safe>
          {t('chats.moderate.closed', { count: queue.closed.length })}
        </h2>
        <ol class="chat-done" aria-labelledby="queue-closed">
          {queue.closed.map((q) => (
            <li id={`q-${q.id}`} data-version={String(q.version)} safe>
              {`#${q.number} · ${t(`chats.state.${q.state}`)}${q.reject_rule ? ` (${q.reject_rule})` : ''} · ${question(q)}`}
            </li>
          ))}
        </ol>
      </div>
    </Layout>
  )
}

function KeyHelp({ ctx }: { ctx: ViewContext }) {
  const { t } = ctx
  return (
    <details class="chat-keys" id="console-keys">
      <summary safe>{t('chats.keys.heading')}</summary>
      <p safe>{t('chats.keys.lead')}</p>
      <dl>
        {KEYS.map(([key, label]) => (
          <>
            <dt>
              <kbd safe>{key}</kbd>
            </dt>
            <dd safe>{t(label)}</dd>
          </>
        ))}
      </dl>
    </details>
  )
}

function QuestionCard(props: {
  ctx: ViewContext
  base: string
  q: ChatQuestionRow
  politicians: readonly PanelMember[]
  rules: RuleChoice[]
  assignedTo?: PanelMember | undefined
}): JSX.Element {
  const { ctx, base, q } = props
  const { t } = ctx
  const action = `${base}/questions/${q.id}`
  const findings = findingsOf(q)
  const heading = `q-${q.id}-heading`
  return (
    <li
      id={`q-${q.id}`}
      class="chat-card"
      data-question
      data-version={String(q.version)}
      tabindex="-1"
      aria-labelledby={heading}
    >
      <h3 class="h5" id={heading} safe>
        {t('chats.moderate.card_heading', {
          number: q.number,
          name: maskIdentityNumbers(q.author_name),
          time: when(ctx, q.received_at),
        })}
      </h3>
      {findings.length ? (
        <p class="chat-flag">
          <strong safe>{t('chats.moderate.findings', { checks: findings.join(', ') })}</strong>
        </p>
      ) : (
        ''
      )}
      {props.assignedTo ? <p safe>{t('chats.moderate.assigned_to', { name: props.assignedTo.name })}</p> : ''}
      <p class="chat-text" safe>
        {question(q)}
      </p>
      <div class="chat-actions">
        <form method="post" action={`${action}/assign`} class="inline-form" data-action="assign">
          <CsrfField token={ctx.csrfToken} />
          <input type="hidden" name="version" value={String(q.version)} />
          <label class="form-label" for={`assign-${q.id}`} safe>
            {t('chats.moderate.assign_to')}
          </label>
          <select class="form-select" id={`assign-${q.id}`} name="politician">
            {props.politicians.map((p, i) => (
              <option value={p.user_id} selected={p.user_id === q.assigned_to} safe>
                {`${i + 1}. ${p.name} (${p.party ?? ''})`}
              </option>
            ))}
          </select>
          <button type="submit" class="button button-primary" safe>
            {q.state === 'assigned' ? t('chats.moderate.reassign') : t('chats.moderate.assign')}
          </button>
        </form>
        <form method="post" action={`${action}/reject`} class="inline-form" data-action="reject">
          <CsrfField token={ctx.csrfToken} />
          <input type="hidden" name="version" value={String(q.version)} />
          <label class="form-label" for={`rule-${q.id}`} safe>
            {t('chats.moderate.rule')}
          </label>
          <select class="form-select" id={`rule-${q.id}`} name="rule">
            {props.rules.map((r) => (
              <option value={r.code} safe>
                {r.title}
              </option>
            ))}
          </select>
          <label class="form-label" for={`reason-${q.id}`} safe>
            {t('chats.moderate.reason')}
          </label>
          <input class="form-input input-width-m" id={`reason-${q.id}`} name="reason" />
          <button type="submit" class="button button-secondary" safe>
            {t('chats.moderate.reject')}
          </button>
        </form>
        <form method="post" action={`${action}/merge`} class="inline-form" data-action="merge">
          <CsrfField token={ctx.csrfToken} />
          <input type="hidden" name="version" value={String(q.version)} />
          <label class="form-label" for={`into-${q.id}`} safe>
            {t('chats.moderate.merge_into')}
          </label>
          <input class="form-input input-width-xs" id={`into-${q.id}`} name="into" inputmode="numeric" />
          <button type="submit" class="button button-secondary" safe>
            {t('chats.moderate.merge')}
          </button>
        </form>
        {q.state === 'pending' ? (
          <form method="post" action={`${action}/move`} class="inline-form" data-action="move">
            <CsrfField token={ctx.csrfToken} />
            <button type="submit" name="direction" value="up" class="button button-tertiary" safe>
              {t('chats.moderate.move_up')}
            </button>
            <button type="submit" name="direction" value="down" class="button button-tertiary" safe>
              {t('chats.moderate.move_down')}
            </button>
            <button type="submit" name="direction" value="top" class="button button-tertiary" safe>
              {t('chats.moderate.move_top')}
            </button>
          </form>
        ) : (
          ''
        )}
      </div>
    </li>
  )
}

export function AnswerPage(props: {
  ctx: ViewContext
  view: ChatView
  mine: ChatQuestionRow[]
  published: ChatQuestionRow[]
  now: Date
  done?: boolean
  /** An answer that was refused, kept with its message. */
  failed?: { questionId: string; value: string; message: string } | undefined
}): JSX.Element {
  const { ctx, view, mine, failed } = props
  const draftOf = (id: string): string => (failed?.questionId === id ? failed.value : '')
  const { t } = ctx
  const slug = ctx.municipality?.slug ?? ''
  const base = staffPath(slug, view.chat.id)
  const limit = view.chat.answer_max_length
  return (
    <Layout ctx={ctx} title={t('chats.answer.title')} scripts={[SCRIPT_CONSOLE]}>
      <p>
        <a href={staffPath(slug)} safe>
          {t('chats.staff.title')}
        </a>
        {' · '}
        <a href={publicPath(slug, view.chat.id)} safe>
          {t('chats.staff.public_page')}
        </a>
      </p>
      <h1 safe>{`${t('chats.answer.title')}: ${view.chat.title}`}</h1>
      <p>
        <PhaseTag ctx={ctx} phase={phaseOf(view.chat, props.now)} /> ·{' '}
        <TimeRange ctx={ctx} startsAt={view.chat.starts_at} endsAt={view.chat.ends_at} />
      </p>
      {props.done ? <SuccessNotice text={t('chats.answer.done')} /> : ''}
      <p safe>{t('chats.answer.lead', { limit })}</p>
      <div id="console-announcer" class="sr-only" aria-live="polite" data-changed={t('chats.console.changed')}></div>
      <div id="console-main" data-live-list data-events={`${base}/answer/events`} data-console="answer">
        <h2 id="mine-heading" safe>
          {t('chats.answer.mine', { count: mine.length })}
        </h2>
        {mine.length === 0 ? <p safe>{t('chats.answer.none')}</p> : ''}
        <ol class="nobullet-list chat-queue" aria-labelledby="mine-heading">
          {mine.map((q) => (
            <li id={`q-${q.id}`} class="chat-card" data-version={String(q.version)}>
              <h3 class="h5" safe>
                {t('chats.moderate.card_heading', {
                  number: q.number,
                  name: maskIdentityNumbers(q.author_name),
                  time: when(ctx, q.received_at),
                })}
              </h3>
              <p class="chat-text" safe>
                {question(q)}
              </p>
              <form method="post" action={`${base}/questions/${q.id}/answer`}>
                <CsrfField token={ctx.csrfToken} />
                <div class={failed?.questionId === q.id ? 'form-group form-error' : 'form-group'}>
                  <label class="form-label" for={`answer-${q.id}`} safe>
                    {t('chats.answer.field', { number: q.number })}
                  </label>
                  <span class="form-hint" id={`answer-${q.id}-hint`} safe>
                    {t('chats.answer.limit', { limit })}
                  </span>
                  {failed?.questionId === q.id ? (
                    <span class="form-error-message" id={`answer-${q.id}-error`} role="alert" safe>
                      {failed.message}
                    </span>
                  ) : (
                    ''
                  )}
                  <textarea
                    class="form-input"
                    id={`answer-${q.id}`}
                    name="answer"
                    rows="6"
                    data-limit={String(limit)}
                    data-counter={t('chats.answer.counter')}
                    aria-describedby={
                      failed?.questionId === q.id ? `answer-${q.id}-hint answer-${q.id}-error` : `answer-${q.id}-hint`
                    }
                    aria-invalid={failed?.questionId === q.id ? 'true' : undefined}
                    safe
                  >
                    {draftOf(q.id)}
                  </textarea>
                </div>
                <button type="submit" class="button button-primary" safe>
                  {t('chats.answer.publish')}
                </button>
              </form>
            </li>
          ))}
        </ol>
        <h2 id="published-heading" safe>
          {t('chats.answer.published', { count: props.published.length })}
        </h2>
        <ol class="chat-done" aria-labelledby="published-heading">
          {props.published.map((q) => (
            <li id={`q-${q.id}`} data-version={String(q.version)} safe>
              {`#${q.number} · ${question(q)}`}
            </li>
          ))}
        </ol>
      </div>
    </Layout>
  )
}
