/** One question: the official answer first (department and first name), then citizens' answers and replies. */
import type { DepartmentRow } from '../../db/schema.ts'
import type { BoardAnswerRow } from '../../db/tables/board.ts'
import type { Finding } from '../../moderation/checks.ts'
import { departmentName } from '../../municipalities/service.ts'
import { CsrfField, ErrorSummary, TextArea } from '../../web/components.tsx'
import type { ViewContext } from '../../web/context.ts'
import type { FieldErrors } from '../../web/errors.ts'
import { maskIdentityNumbers } from '../../web/identity-numbers.ts'
import { Layout } from '../../web/layout.tsx'
import type { AnswerWithReplies, QuestionThread } from '../service.ts'
import { AuthorFields, type AuthorValues, Warnings } from './forms.tsx'
import { formatDate, PostText, ReportLink } from './parts.tsx'

export interface QuestionPageProps {
  ctx: ViewContext
  thread: QuestionThread
  topicName: string
  departments: DepartmentRow[]
  citizenName: string | undefined
  following: boolean
  canAnswerOfficially: boolean
  /** The form that was sent, with its errors or warnings, re-rendered. */
  form?: {
    kind: 'answer' | 'reply' | 'official'
    parentId?: string
    values: AuthorValues & { body: string }
    errors?: FieldErrors | undefined
    warnings?: readonly Finding[]
  }
  notice?: 'sent' | 'pending' | 'verify' | undefined
}

export function QuestionPage(props: QuestionPageProps): JSX.Element {
  const { ctx, thread } = props
  const { t } = ctx
  const q = thread.question
  const slug = ctx.municipality?.slug ?? ''
  const tz = ctx.municipality?.time_zone ?? 'UTC'
  if (q.state === 'handed_off') {
    return (
      <Layout ctx={ctx} title={t('board.question.private_title')}>
        <p>
          <a href={`/${slug}/questions`} safe>
            {t('board.question.back')}
          </a>
        </p>
        <h1 safe>{t('board.question.private_title')}</h1>
        <p class="font-lead" safe>
          {t('board.question.private_note')}
        </p>
      </Layout>
    )
  }
  const form = props.form
  const errors = form?.errors
  const path = `/${slug}/questions/${q.id}`
  const title = maskIdentityNumbers(q.title)
  return (
    <Layout ctx={ctx} title={title}>
      <p>
        <a href={`/${slug}/questions`} safe>
          {t('board.question.back')}
        </a>
      </p>
      {props.notice ? (
        <div class={props.notice === 'sent' ? 'alert alert-success' : 'alert alert-info'} role="status">
          <div class="alert-body">
            <p class="alert-text" safe>
              {t(`board.notice.${props.notice}`)}
            </p>
          </div>
        </div>
      ) : (
        ''
      )}
      {q.state !== 'published' ? (
        <div class="alert alert-info" role="status">
          <div class="alert-body">
            <p class="alert-text" safe>
              {t(`board.state.${q.state}`)}
            </p>
          </div>
        </div>
      ) : (
        ''
      )}
      <article class="board-question">
        <h1 safe>{title}</h1>
        <p class="board-meta">
          <span safe>{props.topicName}</span>
          {' · '}
          <span safe>{t('board.post.by', { name: q.author_name })}</span>
          {' · '}
          <time datetime={q.created_at} safe>
            {formatDate(q.created_at, ctx.lang, tz)}
          </time>
        </p>
        <PostText text={q.body} />
        <p>
          <ReportLink ctx={ctx} itemId={q.moderation_item_id} label={t('board.post.report')} />
        </p>
      </article>
      {q.state === 'published' ? <FollowForm {...props} path={path} /> : ''}
      {thread.official.length ? (
        <section aria-labelledby="official-heading">
          <h2 id="official-heading" safe>
            {t('board.question.official_heading')}
          </h2>
          {thread.official.map((item) => (
            <Answer {...props} item={item} />
          ))}
        </section>
      ) : (
        ''
      )}
      <section aria-labelledby="answers-heading">
        <h2 id="answers-heading" safe>
          {t('board.question.answers_heading', { count: thread.answers.length })}
        </h2>
        {thread.answers.map((item) => (
          <Answer {...props} item={item} />
        ))}
      </section>
      {q.state === 'published' && props.canAnswerOfficially ? (
        <section aria-labelledby="official-form-heading">
          <h2 id="official-form-heading" safe>
            {t('board.official.heading')}
          </h2>
          <p safe>{t('board.official.hint')}</p>
          {form?.kind === 'official' ? <ErrorSummary t={t} errors={errors} /> : ''}
          <form method="post" action={`${path}/official`} novalidate>
            <CsrfField token={ctx.csrfToken} />
            <TextArea
              t={t}
              name="official"
              label={t('board.official.label')}
              value={form?.kind === 'official' ? form.values.body : ''}
              errors={form?.kind === 'official' ? errors : undefined}
              rows={6}
            />
            <button type="submit" class="button button-primary" safe>
              {t('board.official.submit')}
            </button>
          </form>
        </section>
      ) : (
        ''
      )}
      {q.state === 'published' ? (
        <section aria-labelledby="answer-form-heading">
          <h2 id="answer-form-heading" safe>
            {t('board.answer.heading')}
          </h2>
          {form?.kind === 'answer' ? <ErrorSummary t={t} errors={errors} /> : ''}
          {form?.kind === 'answer' ? <Warnings ctx={ctx} findings={form.warnings ?? []} /> : ''}
          <form method="post" action={`${path}/answers`} novalidate>
            <CsrfField token={ctx.csrfToken} />
            {form?.kind === 'answer' && form.warnings?.length ? <input type="hidden" name="confirmed" value="1" /> : ''}
            <TextArea
              t={t}
              name="body"
              label={t('board.answer.label')}
              value={form?.kind === 'answer' ? form.values.body : ''}
              errors={form?.kind === 'answer' ? errors : undefined}
              rows={6}
            />
            <AuthorFields
              ctx={ctx}
              signedInAs={props.citizenName}
              values={form?.kind === 'answer' ? form.values : { name: '', email: '' }}
              errors={form?.kind === 'answer' ? errors : undefined}
            />
            <button type="submit" class="button button-primary" safe>
              {t('board.answer.submit')}
            </button>
          </form>
        </section>
      ) : (
        ''
      )}
    </Layout>
  )
}

function FollowForm(props: QuestionPageProps & { path: string }): JSX.Element {
  const { ctx } = props
  const { t } = ctx
  if (props.thread.question.has_official && !props.following) return ''
  if (!props.citizenName) {
    return (
      <p>
        <a href={`/${ctx.municipality?.slug ?? ''}/sign-in?next=${encodeURIComponent(props.path)}`} safe>
          {t('board.follow.sign_in')}
        </a>
      </p>
    )
  }
  return (
    <form method="post" action={`${props.path}/follow`}>
      <CsrfField token={ctx.csrfToken} />
      <input type="hidden" name="action" value={props.following ? 'unfollow' : 'follow'} />
      <button type="submit" class="button button-secondary" safe>
        {props.following ? t('board.follow.unfollow') : t('board.follow.follow')}
      </button>
    </form>
  )
}

function Byline({ ctx, a, departments }: { ctx: ViewContext; a: BoardAnswerRow; departments: DepartmentRow[] }) {
  const { t } = ctx
  const tz = ctx.municipality?.time_zone ?? 'UTC'
  const department = a.department_id ? departments.find((d) => d.id === a.department_id) : undefined
  return (
    <p class="board-meta">
      {a.official ? (
        <>
          <strong class="board-official-tag" safe>
            {t('board.post.official')}
          </strong>{' '}
          <span safe>
            {t('board.post.official_by', {
              name: a.author_name,
              department: department ? departmentName(department, ctx.lang) : (ctx.municipality?.name ?? ''),
            })}
          </span>
        </>
      ) : (
        <span safe>{t('board.post.by', { name: a.author_name })}</span>
      )}
      {' · '}
      <time datetime={a.created_at} safe>
        {formatDate(a.created_at, ctx.lang, tz)}
      </time>
    </p>
  )
}

function Answer(props: QuestionPageProps & { item: AnswerWithReplies }): JSX.Element {
  const { ctx, item } = props
  const { t } = ctx
  const a = item.answer
  const form = props.form?.kind === 'reply' && props.form.parentId === a.id ? props.form : undefined
  const replyId = `reply-${a.id}`
  return (
    <article class={a.official ? 'board-answer board-official' : 'board-answer'} id={`answer-${a.id}`}>
      <Byline ctx={ctx} a={a} departments={props.departments} />
      <PostText text={a.body} />
      <p>
        <ReportLink ctx={ctx} itemId={a.moderation_item_id} label={t('board.post.report')} />
      </p>
      {item.replies.length ? (
        <ul class="nobullet-list board-replies" aria-label={t('board.reply.list')}>
          {item.replies.map((r) => (
            <li class="board-reply" id={`answer-${r.id}`}>
              <Byline ctx={ctx} a={r} departments={props.departments} />
              <PostText text={r.body} />
              <ReportLink ctx={ctx} itemId={r.moderation_item_id} label={t('board.post.report')} />
            </li>
          ))}
        </ul>
      ) : (
        ''
      )}
      {props.thread.question.state === 'published' ? (
        <details class="board-reply-form" open={form ? true : undefined}>
          <summary safe>{t('board.reply.open')}</summary>
          {form ? <ErrorSummary t={t} errors={form.errors} /> : ''}
          {form ? <Warnings ctx={ctx} findings={form.warnings ?? []} /> : ''}
          <form method="post" action={`/${ctx.municipality?.slug ?? ''}/questions/${a.question_id}/answers`} novalidate>
            <CsrfField token={ctx.csrfToken} />
            <input type="hidden" name="parent" value={a.id} />
            {form?.warnings?.length ? <input type="hidden" name="confirmed" value="1" /> : ''}
            <div class={form?.errors?.reply ? 'form-group form-error' : 'form-group'}>
              <label class="form-label" for={replyId} safe>
                {t('board.reply.label')}
              </label>
              {form?.errors?.reply ? (
                <span class="form-error-message" id={`${replyId}-error`} safe>
                  {t(form.errors.reply.key, form.errors.reply.vars)}
                </span>
              ) : (
                ''
              )}
              <textarea
                class="form-input"
                id={replyId}
                name="body"
                rows="3"
                aria-describedby={form?.errors?.reply ? `${replyId}-error` : undefined}
                aria-invalid={form?.errors?.reply ? 'true' : undefined}
                safe
              >
                {form?.values.body ?? ''}
              </textarea>
            </div>
            {props.citizenName ? (
              ''
            ) : (
              <>
                <ReplyInput
                  ctx={ctx}
                  id={`${replyId}-name`}
                  name="name"
                  label={t('citizens.form.name')}
                  value={form?.values.name ?? ''}
                  error={form?.errors?.name}
                />
                <ReplyInput
                  ctx={ctx}
                  id={`${replyId}-email`}
                  name="email"
                  label={t('citizens.form.email')}
                  value={form?.values.email ?? ''}
                  error={form?.errors?.email}
                  type="email"
                />
              </>
            )}
            <button type="submit" class="button button-secondary" safe>
              {t('board.reply.submit')}
            </button>
          </form>
        </details>
      ) : (
        ''
      )}
    </article>
  )
}

/** A reply form's name or address: ids carry the answer's id, since a page has a reply form per answer. */
function ReplyInput(props: {
  ctx: ViewContext
  id: string
  name: string
  label: string
  value: string
  error?: FieldErrors[string] | undefined
  type?: string
}) {
  const { error } = props
  return (
    <div class={error ? 'form-group form-error' : 'form-group'}>
      <label class="form-label" for={props.id} safe>
        {props.label}
      </label>
      {error ? (
        <span class="form-error-message" id={`${props.id}-error`} safe>
          {props.ctx.t(error.key, error.vars)}
        </span>
      ) : (
        ''
      )}
      <input
        class="form-input"
        id={props.id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value}
        aria-describedby={error ? `${props.id}-error` : undefined}
        aria-invalid={error ? 'true' : undefined}
      />
    </div>
  )
}
