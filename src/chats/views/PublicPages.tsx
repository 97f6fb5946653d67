/**
 * The public side of live chats: the list of upcoming and past chats, and a chat's page (announcement,
 * countdown, the question form, the published pairs arriving live; after the end, the transcript).
 * Everything works without JavaScript: a reload shows the same pairs in the same order.
 */
import type { ChatSessionRow } from '../../db/tables/chats.ts'
import { houseRulesPath } from '../../moderation/service.ts'
import { CsrfField, ErrorSummary, SuccessNotice, TextArea, TextInput } from '../../web/components.tsx'
import type { ViewContext } from '../../web/context.ts'
import type { FieldErrors } from '../../web/errors.ts'
import { Layout } from '../../web/layout.tsx'
import type { Pair } from '../questions.ts'
import type { ChatView } from '../sessions.ts'
import { type ChatPhase, phaseOf } from '../time.ts'
import { PairItem, PanelList, PhaseTag, publicPath, SCRIPT_PUBLIC, TimeRange, when } from './parts.tsx'

export function ChatListPage({ ctx, chats, now }: { ctx: ViewContext; chats: ChatSessionRow[]; now: Date }) {
  const { t } = ctx
  const slug = ctx.municipality?.slug ?? ''
  const coming = chats.filter((c) => phaseOf(c, now) !== 'ended').reverse()
  const past = chats.filter((c) => phaseOf(c, now) === 'ended')
  const item = (c: ChatSessionRow) => (
    <li>
      <a href={publicPath(slug, c.id)} safe>
        {c.title}
      </a>{' '}
      <PhaseTag ctx={ctx} phase={phaseOf(c, now)} /> · <TimeRange ctx={ctx} startsAt={c.starts_at} endsAt={c.ends_at} />
    </li>
  )
  return (
    <Layout ctx={ctx} title={t('chats.list.title')}>
      <h1 safe>{t('chats.list.title')}</h1>
      <p class="font-lead" safe>
        {t('chats.list.lead')}
      </p>
      <h2 safe>{t('chats.list.upcoming')}</h2>
      {coming.length ? <ul>{coming.map(item)}</ul> : <p safe>{t('chats.list.none_upcoming')}</p>}
      <h2 safe>{t('chats.list.past')}</h2>
      {past.length ? <ul>{past.map(item)}</ul> : <p safe>{t('chats.list.none_past')}</p>}
    </Layout>
  )
}

export interface AskValues {
  name: string
  email: string
  question: string
}

export interface ChatPageProps {
  ctx: ViewContext
  view: ChatView
  pairs: Pair[]
  now: Date
  houseRulesVersion: number | null
  values?: AskValues
  errors?: FieldErrors | undefined
  /** The question was received (after the redirect). */
  asked?: boolean
  /** The form was refused as a whole (the chat has ended meanwhile). */
  closed?: boolean
}

export function ChatPage(props: ChatPageProps): JSX.Element {
  const { ctx, view, pairs, now } = props
  const { t } = ctx
  const { chat } = view
  const slug = ctx.municipality?.slug ?? ''
  const phase = phaseOf(chat, now)
  const last = pairs[pairs.length - 1]?.seq ?? 0
  return (
    <Layout ctx={ctx} title={chat.title} scripts={[SCRIPT_PUBLIC]}>
      <p>
        <a href={publicPath(slug)} safe>
          {t('chats.list.title')}
        </a>
      </p>
      <h1 safe>{chat.title}</h1>
      <p class="font-lead" safe>
        {chat.topic}
      </p>
      <Status ctx={ctx} chat={chat} phase={phase} />
      <h2 safe>{t('chats.panel.heading')}</h2>
      <PanelList ctx={ctx} politicians={view.politicians} />
      <p safe>{t('chats.panel.moderators', { names: view.moderators.map((m) => m.name).join(', ') })}</p>
      <p>
        <a
          href={
            props.houseRulesVersion === null
              ? houseRulesPath(slug)
              : `${houseRulesPath(slug)}?version=${props.houseRulesVersion}`
          }
          safe
        >
          {props.houseRulesVersion === null
            ? t('chats.public.house_rules')
            : t('chats.public.house_rules_version', { version: props.houseRulesVersion })}
        </a>
        {' · '}
        <span safe>
          {t('chats.public.limits', { question: chat.question_max_length, answer: chat.answer_max_length })}
        </span>
      </p>
      {props.asked ? <SuccessNotice text={t('chats.ask.received')} /> : ''}
      {phase === 'ended' || props.closed ? (
        <div class="alert alert-info" role="status">
          <div class="alert-body">
            <p class="alert-text" safe>
              {props.closed ? t('chats.ask.closed') : t('chats.public.ended_notice')}
            </p>
          </div>
        </div>
      ) : (
        <AskForm {...props} />
      )}
      <h2 id="chat-pairs-heading" safe>
        {phase === 'ended' ? t('chats.public.transcript') : t('chats.public.pairs')}
      </h2>
      <div id="chat-announcer" class="sr-only" aria-live="polite"></div>
      <p id="chat-empty" hidden={pairs.length > 0} safe>
        {phase === 'ended' ? t('chats.public.no_pairs_ended') : t('chats.public.no_pairs')}
      </p>
      <ol
        id="chat-pairs"
        class="chat-pairs nobullet-list"
        aria-labelledby="chat-pairs-heading"
        data-events={phase === 'ended' ? undefined : `${publicPath(slug, chat.id)}/events?after=${last}`}
        data-question-by={t('chats.pair.question_by')}
        data-answer-by={t('chats.pair.answer_by')}
        data-announce={t('chats.pair.announce')}
      >
        {pairs.map((pair) => (
          <PairItem ctx={ctx} pair={pair} />
        ))}
      </ol>
    </Layout>
  )
}

function Status({ ctx, chat, phase }: { ctx: ViewContext; chat: ChatSessionRow; phase: ChatPhase }) {
  const { t } = ctx
  return (
    <p>
      <PhaseTag ctx={ctx} phase={phase} /> · <TimeRange ctx={ctx} startsAt={chat.starts_at} endsAt={chat.ends_at} />
      {phase === 'upcoming' ? (
        <>
          <br />
          <span safe>{t('chats.public.starts_at', { time: when(ctx, chat.starts_at) })}</span>{' '}
          <span data-countdown={chat.starts_at} data-lang={ctx.lang}></span>
        </>
      ) : (
        ''
      )}
    </p>
  )
}

function AskForm(props: ChatPageProps): JSX.Element {
  const { ctx, view, errors } = props
  const { t } = ctx
  const values = props.values ?? { name: '', email: '', question: '' }
  const slug = ctx.municipality?.slug ?? ''
  const phase = phaseOf(view.chat, props.now)
  return (
    <section aria-labelledby="ask-heading">
      <h2 id="ask-heading" safe>
        {t('chats.ask.heading')}
      </h2>
      <p safe>{phase === 'upcoming' ? t('chats.ask.lead_upcoming') : t('chats.ask.lead_live')}</p>
      <ErrorSummary t={t} errors={errors} />
      <form
        method="post"
        action={`${publicPath(slug, view.chat.id)}/questions`}
        novalidate
        data-limit={String(view.chat.question_max_length)}
        data-counter={t('chats.answer.counter')}
      >
        <CsrfField token={ctx.csrfToken} />
        <TextInput
          t={t}
          name="name"
          label={t('chats.ask.name')}
          hint={t('chats.ask.name_hint')}
          value={values.name}
          errors={errors}
          autocomplete="nickname"
        />
        <TextInput
          t={t}
          name="email"
          type="email"
          label={t('chats.ask.email')}
          hint={t('chats.ask.email_hint')}
          value={values.email}
          errors={errors}
          autocomplete="email"
        />
        <TextArea
          t={t}
          name="question"
          label={t('chats.ask.question')}
          hint={t('chats.ask.question_hint', { limit: view.chat.question_max_length })}
          value={values.question}
          errors={errors}
          rows={5}
        />
        <button type="submit" class="button button-primary" safe>
          {t('chats.ask.submit')}
        </button>
      </form>
    </section>
  )
}
