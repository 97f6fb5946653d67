/** The board's part of the citizen's own page: their questions and answers with their state, and what they follow. */
import type { ViewContext } from '../../web/context.ts'
import { maskIdentityNumbers } from '../../web/identity-numbers.ts'
import type { citizenActivity } from '../service.ts'

export function MySection({
  ctx,
  activity,
}: {
  ctx: ViewContext
  activity: Awaited<ReturnType<typeof citizenActivity>>
}): JSX.Element {
  const { t } = ctx
  const slug = ctx.municipality?.slug ?? ''
  const link = (id: string) => `/${slug}/questions/${id}`
  return (
    <section aria-labelledby="my-board-heading">
      <h2 id="my-board-heading" safe>
        {t('board.me.heading')}
      </h2>
      <h3 safe>{t('board.me.questions')}</h3>
      {activity.questions.length ? (
        <ul>
          {activity.questions.map((q) => (
            <li>
              <a href={link(q.id)} safe>
                {maskIdentityNumbers(q.title)}
              </a>{' '}
              (<span safe>{t(`board.state.short.${q.state}`)}</span>)
            </li>
          ))}
        </ul>
      ) : (
        <p safe>{t('board.me.none')}</p>
      )}
      <h3 safe>{t('board.me.answers')}</h3>
      {activity.answers.length ? (
        <ul>
          {activity.answers.map((a) => (
            <li>
              <a href={`${link(a.question_id)}#answer-${a.id}`} safe>
                {maskIdentityNumbers(a.title)}
              </a>{' '}
              (<span safe>{t(`board.state.short.${a.state}`)}</span>)
            </li>
          ))}
        </ul>
      ) : (
        <p safe>{t('board.me.none')}</p>
      )}
      <h3 safe>{t('board.me.followed')}</h3>
      {activity.followed.length ? (
        <ul>
          {activity.followed.map((q) => (
            <li>
              <a href={link(q.id)} safe>
                {maskIdentityNumbers(q.title)}
              </a>
            </li>
          ))}
        </ul>
      ) : (
        <p safe>{t('board.me.none')}</p>
      )}
    </section>
  )
}
