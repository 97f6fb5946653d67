/**
 * The dialogs' part of the citizen's own page (`/{slug}/me`): their replies, ideas and comments, each
 * with its dialog and a link to the municipality's response once the feedback is out.
 */
import { registerCitizenSection } from '../citizens/service.ts'
import type { Db } from '../db/index.ts'
import type { ViewContext } from '../web/context.ts'
import { contributionPath, dialogPath, textsIn } from './service.ts'
import * as store from './store.ts'

export async function citizenContributions(db: Db, citizen: { id: string; email: string }) {
  return db
    .selectFrom('dialog_contributions')
    .innerJoin('dialogs', 'dialogs.id', 'dialog_contributions.dialog_id')
    .select([
      'dialog_contributions.id',
      'dialog_contributions.dialog_id',
      'dialog_contributions.kind',
      'dialog_contributions.parent_id',
      'dialog_contributions.title',
      'dialog_contributions.state',
      'dialog_contributions.created_at',
      'dialogs.feedback_published_at',
    ])
    .where((eb) =>
      eb.or([
        eb('dialog_contributions.citizen_id', '=', citizen.id),
        eb('dialog_contributions.author_email', '=', citizen.email),
      ]),
    )
    .where('dialog_contributions.kind', 'in', ['reply', 'idea', 'comment'])
    .orderBy('dialog_contributions.created_at', 'desc')
    .limit(100)
    .execute()
}

async function MySection(db: Db, citizen: { id: string; email: string }, ctx: ViewContext): Promise<JSX.Element> {
  const { t } = ctx
  const slug = ctx.municipality?.slug ?? ''
  const rows = await citizenContributions(db, citizen)
  if (rows.length === 0) return ''
  const texts = await store.listTexts(db, [...new Set(rows.map((r) => r.dialog_id))])
  const fallback = ctx.municipality?.default_language ?? 'da'
  return (
    <section aria-labelledby="my-dialogs-heading">
      <h2 id="my-dialogs-heading" safe>
        {t('dialogs.mine.heading')}
      </h2>
      <ul>
        {rows.map((r) => {
          const title = textsIn(
            texts.filter((x) => x.dialog_id === r.dialog_id),
            ctx.lang,
            fallback,
          ).title
          const target = r.kind === 'comment' ? r.parent_id : r.id
          const href =
            r.state === 'published' && target
              ? contributionPath(slug, r.dialog_id, target)
              : dialogPath(slug, r.dialog_id)
          return (
            <li>
              <a href={href} safe>
                {`${t(`dialogs.mine.kind_${r.kind as 'reply'}`)}${r.title ? `: ${r.title}` : ''} · ${title}`}
              </a>{' '}
              <span safe>{r.feedback_published_at ? t('dialogs.mine.answered') : t(`dialogs.state.${r.state}`)}</span>
            </li>
          )
        })}
      </ul>
    </section>
  )
}

registerCitizenSection((db, citizen, ctx) => MySection(db, citizen, ctx))
