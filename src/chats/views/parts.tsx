/** Pieces the chat pages share: times in the municipality's zone, a published pair, the panel. */
import { dateTimeFormat, LOCALES } from '../../i18n/intl.ts'
import type { ViewContext } from '../../web/context.ts'
import type { Pair } from '../questions.ts'
import type { PanelMember } from '../store.ts'
import type { ChatPhase } from '../time.ts'

export const SCRIPT_PUBLIC = '/assets/app/chats-live.js'
export const SCRIPT_CONSOLE = '/assets/app/chats-console.js'

/** A moment as people in the municipality read it: "24. nov. 2026 19.00". */
export function when(ctx: ViewContext, iso: string): string {
  return dateTimeFormat(LOCALES[ctx.lang], {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: ctx.municipality?.time_zone ?? 'UTC',
  }).format(new Date(iso))
}

export const publicPath = (slug: string, id?: string) => (id ? `/${slug}/live/${id}` : `/${slug}/live`)
export const staffPath = (slug: string, id?: string) => (id ? `/${slug}/staff/chats/${id}` : `/${slug}/staff/chats`)

export function PhaseTag({ ctx, phase }: { ctx: ViewContext; phase: ChatPhase }): JSX.Element {
  return <strong safe>{ctx.t(`chats.phase.${phase}`)}</strong>
}

export function TimeRange({ ctx, startsAt, endsAt }: { ctx: ViewContext; startsAt: string; endsAt: string }) {
  return (
    <>
      <time datetime={startsAt} safe>
        {when(ctx, startsAt)}
      </time>
      {' – '}
      <time datetime={endsAt} safe>
        {when(ctx, endsAt)}
      </time>
    </>
  )
}

export function PanelList({ ctx, politicians }: { ctx: ViewContext; politicians: readonly PanelMember[] }) {
  return (
    <ul>
      {politicians.map((p) => (
        <li safe>
          {p.committee
            ? ctx.t('chats.panel.member_committee', { name: p.name, party: p.party ?? '', committee: p.committee })
            : ctx.t('chats.panel.member', { name: p.name, party: p.party ?? '' })}
        </li>
      ))}
    </ul>
  )
}

/** One published question and its answer; `chats-live.js` builds the same markup for live arrivals. */
export function PairItem({ ctx, pair }: { ctx: ViewContext; pair: Pair }): JSX.Element {
  return (
    <li id={`pair-${pair.seq}`} class="chat-pair">
      <p class="chat-question">
        <strong safe>{ctx.t('chats.pair.question_by', { name: pair.asker })}</strong>
        <br />
        <span safe>{pair.question}</span>
      </p>
      <p class="chat-answer">
        <strong safe>{ctx.t('chats.pair.answer_by', { name: pair.politician, party: pair.party })}</strong>
        <br />
        <span safe>{pair.answer}</span>
      </p>
    </li>
  )
}
