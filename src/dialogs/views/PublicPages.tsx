/**
 * The public dialog pages: the list with phase and feedback status, one dialog with its mandate on top
 * and the part for its kind (reply form and replies; ideas with supports and comments; projects, ballot
 * and results), the feedback once published, and one contribution with the municipality's response.
 * Every form works without JavaScript; ideas, supports, ballots and following need a signed-in citizen.
 */
import type { DialogContributionRow, DialogRow, DialogTextRow } from '../../db/tables/dialogs.ts'
import {
  CsrfField,
  ErrorSummary,
  FormGroup,
  fieldId,
  SuccessNotice,
  TextArea,
  TextInput,
} from '../../web/components.tsx'
import type { ViewContext } from '../../web/context.ts'
import type { FieldErrors } from '../../web/errors.ts'
import { Layout } from '../../web/layout.tsx'
import { Pager } from '../../web/pager.tsx'
import type { ProjectResult } from '../budget.ts'
import type { Phase } from '../mandate.ts'
import { formatAmount, formatDay, Mandate, Paragraphs, PhaseBadge } from './parts.tsx'

export interface ListedDialog {
  dialog: DialogRow
  texts: DialogTextRow
  phase: Phase
  overdue: boolean
}

export function FeedbackStatus({ ctx, item }: { ctx: ViewContext; item: ListedDialog }): JSX.Element {
  const { t } = ctx
  const { dialog } = item
  if (dialog.feedback_published_at)
    return (
      <span safe>
        {t('dialogs.list.feedback_published', { date: formatDay(dialog.feedback_published_at.slice(0, 10), ctx) })}
      </span>
    )
  if (item.overdue)
    return (
      <strong class="dialog-overdue" safe>
        {t('dialogs.list.feedback_overdue', { date: formatDay(dialog.feedback_due_on, ctx) })}
      </strong>
    )
  return <span safe>{t('dialogs.list.feedback_due', { date: formatDay(dialog.feedback_due_on, ctx) })}</span>
}

export function ListPage({ ctx, items }: { ctx: ViewContext; items: ListedDialog[] }): JSX.Element {
  const { t } = ctx
  const slug = ctx.municipality?.slug ?? ''
  return (
    <Layout ctx={ctx} title={t('dialogs.list.title')}>
      <h1 safe>{t('dialogs.list.title')}</h1>
      <p class="font-lead" safe>
        {t('dialogs.list.lead')}
      </p>
      {items.length === 0 ? (
        <p safe>{t('dialogs.list.empty')}</p>
      ) : (
        <ul class="nobullet-list dialog-list">
          {items.map((item) => (
            <li class="dialog-list-item">
              <h2 class="h3">
                <a href={`/${slug}/dialogs/${item.dialog.id}`} safe>
                  {item.texts.title}
                </a>
              </h2>
              <p>
                <PhaseBadge ctx={ctx} phase={item.phase} /> <span safe>{t(`dialogs.kind.${item.dialog.kind}`)}</span>
                {' · '}
                <span safe>
                  {t('dialogs.mandate.period_value', {
                    start: formatDay(item.dialog.starts_on, ctx),
                    end: formatDay(item.dialog.ends_on, ctx),
                  })}
                </span>
              </p>
              <p safe>{item.texts.summary}</p>
              <p>
                <FeedbackStatus ctx={ctx} item={item} />
              </p>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  )
}

export interface ReplyValues {
  name: string
  email: string
  represents: string
  organisation: string
  address: string
  hide_address: boolean
  text: string
}

export const emptyReply = (): ReplyValues => ({
  name: '',
  email: '',
  represents: 'self',
  organisation: '',
  address: '',
  hide_address: true,
  text: '',
})

export interface DialogPageProps {
  ctx: ViewContext
  dialog: DialogRow
  texts: DialogTextRow
  phase: Phase
  department: string
  documents: { id: string; file_name: string; size: number }[]
  contributions: DialogContributionRow[]
  /** Replies or ideas in all, of which `contributions` is page `page`. */
  total: number
  page: number
  pageSize: number
  attachments: { id: string; contribution_id: string; file_name: string }[]
  signedIn: { name: string } | undefined
  supported: Set<string>
  voted: boolean
  following: string | undefined
  results: ProjectResult[] | undefined
  pledges: Map<string, number>
  reply?: { values: ReplyValues; errors?: FieldErrors | undefined }
  idea?: { values: { title: string; body: string }; errors?: FieldErrors | undefined }
  errors?: FieldErrors | undefined
  notice?: string | undefined
  preview?: boolean
  legalWarning?: { minimum: number; actualDays: number } | undefined
}

export function DialogPage(props: DialogPageProps): JSX.Element {
  const { ctx, dialog, texts, phase } = props
  const { t } = ctx
  const slug = ctx.municipality?.slug ?? ''
  const base = `/${slug}/dialogs/${dialog.id}`
  return (
    <Layout ctx={ctx} title={texts.title}>
      {props.preview ? (
        <div class="alert alert-warning" role="status">
          <div class="alert-body">
            <p class="alert-heading" safe>
              {t('dialogs.preview.banner')}
            </p>
            <p class="alert-text">
              <a href={`/${slug}/staff/dialogs/${dialog.id}`} safe>
                {t('dialogs.preview.back')}
              </a>
            </p>
          </div>
        </div>
      ) : (
        ''
      )}
      {props.notice ? <SuccessNotice text={props.notice} /> : ''}
      <ErrorSummary t={t} errors={props.errors} />
      <p>
        <PhaseBadge ctx={ctx} phase={phase} /> <span safe>{t(`dialogs.kind.${dialog.kind}`)}</span>
      </p>
      <h1 safe>{texts.title}</h1>
      <p class="font-lead" safe>
        {texts.summary}
      </p>
      <Mandate ctx={ctx} dialog={dialog} texts={texts} phase={phase} department={props.department} />
      {dialog.feedback_published_at ? (
        <section id="feedback" aria-labelledby="feedback-heading">
          <h2 id="feedback-heading" safe>
            {t('dialogs.feedback.heading')}
          </h2>
          <Paragraphs text={texts.feedback} />
          {dialog.kind === 'consultation' ? (
            <p>
              <a href={`${base}/hvidbog`} safe>
                {t('dialogs.hvidbog.link')}
              </a>
              {' · '}
              <a href={`${base}/hvidbog.pdf`} safe>
                {t('dialogs.hvidbog.pdf_link')}
              </a>
            </p>
          ) : (
            ''
          )}
        </section>
      ) : (
        ''
      )}
      {props.documents.length ? (
        <section aria-labelledby="documents-heading">
          <h2 id="documents-heading" safe>
            {t('dialogs.documents.heading')}
          </h2>
          <ul>
            {props.documents.map((d) => (
              <li>
                <a href={`${base}/documents/${d.id}`} safe>
                  {`${d.file_name} (PDF, ${Math.max(1, Math.round(d.size / 1024))} kB)`}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : (
        ''
      )}
      {dialog.kind === 'consultation' ? <Consultation {...props} base={base} /> : ''}
      {dialog.kind === 'idea_storm' ? <IdeaStorm {...props} base={base} /> : ''}
      {dialog.kind === 'budget' ? <Budget {...props} base={base} /> : ''}
      {props.preview ? '' : <Follow {...props} base={base} />}
      {props.preview ? '' : <OpenData ctx={ctx} dialog={dialog} />}
    </Layout>
  )
}

function OpenData({ ctx, dialog }: { ctx: ViewContext; dialog: DialogRow }): JSX.Element {
  const { t } = ctx
  const api = `/api/v1/dialogs/${dialog.id}`
  return (
    <section aria-labelledby="opendata-heading">
      <h2 id="opendata-heading" safe>
        {t('dialogs.opendata.heading')}
      </h2>
      <ul>
        <li>
          <a href={`${api}/contributions`} safe>
            {t('dialogs.opendata.json')}
          </a>
        </li>
        <li>
          <a href={`${api}/contributions?format=csv`} safe>
            {t('dialogs.opendata.csv')}
          </a>
        </li>
        {dialog.kind === 'budget' && dialog.results_published_at ? (
          <li>
            <a href={`${api}/ballots`} safe>
              {t('dialogs.opendata.ballots')}
            </a>
          </li>
        ) : (
          ''
        )}
      </ul>
    </section>
  )
}

function SignInPrompt({ ctx, base }: { ctx: ViewContext; base: string }): JSX.Element {
  const slug = ctx.municipality?.slug ?? ''
  return (
    <p>
      <a class="button button-secondary" href={`/${slug}/sign-in?next=${encodeURIComponent(base)}`} safe>
        {ctx.t('dialogs.sign_in.prompt')}
      </a>
    </p>
  )
}

function Consultation(props: DialogPageProps & { base: string }): JSX.Element {
  const { ctx, phase, base } = props
  const { t } = ctx
  const replies = props.contributions.filter((c) => c.kind === 'reply')
  const values = props.reply?.values ?? emptyReply()
  const errors = props.reply?.errors
  return (
    <>
      {phase === 'open' && !props.preview ? (
        <section aria-labelledby="reply-heading">
          <h2 id="reply-heading" safe>
            {t('dialogs.reply.heading')}
          </h2>
          <p safe>{t('dialogs.reply.lead', { date: formatDay(props.dialog.ends_on, ctx) })}</p>
          <form method="post" action={`${base}/replies`} enctype="multipart/form-data" novalidate>
            <CsrfField token={ctx.csrfToken} />
            <TextInput
              t={t}
              name="name"
              label={t('dialogs.reply.name')}
              value={values.name}
              errors={errors}
              autocomplete="name"
            />
            <TextInput
              t={t}
              name="email"
              type="email"
              label={t('dialogs.reply.email')}
              hint={t('dialogs.reply.email_hint')}
              value={values.email}
              errors={errors}
              autocomplete="email"
            />
            <fieldset class="form-group" id={fieldId('represents')}>
              <legend class="form-label" safe>
                {t('dialogs.reply.represents')}
              </legend>
              <ul class="nobullet-list">
                {(['self', 'organisation'] as const).map((r) => (
                  <li>
                    <input
                      class="form-radio"
                      type="radio"
                      id={`represents-${r}`}
                      name="represents"
                      value={r}
                      checked={values.represents === r}
                    />
                    <label for={`represents-${r}`} safe>
                      {t(`dialogs.reply.represents_${r}`)}
                    </label>
                  </li>
                ))}
              </ul>
            </fieldset>
            <TextInput
              t={t}
              name="organisation"
              label={t('dialogs.reply.organisation')}
              value={values.organisation}
              errors={errors}
              autocomplete="organization"
            />
            <TextInput
              t={t}
              name="address"
              label={t('dialogs.reply.address')}
              value={values.address}
              errors={errors}
              autocomplete="street-address"
            />
            <div class="form-group">
              <ul class="nobullet-list">
                <li>
                  <input
                    class="form-checkbox"
                    type="checkbox"
                    id="field-hide_address"
                    name="hide_address"
                    value="1"
                    checked={values.hide_address}
                  />
                  <label for="field-hide_address" safe>
                    {t('dialogs.reply.hide_address')}
                  </label>
                </li>
              </ul>
            </div>
            <TextArea
              t={t}
              name="text"
              label={t('dialogs.reply.text')}
              hint={t('dialogs.reply.text_hint')}
              value={values.text}
              errors={errors}
              rows={12}
            />
            <FormGroup
              t={t}
              name="attachments"
              label={t('dialogs.reply.attachments')}
              hint={t('dialogs.reply.attachments_hint')}
              errors={errors}
            >
              <input
                class="form-input"
                type="file"
                id={fieldId('attachments')}
                name="attachments"
                multiple
                accept=".pdf,.jpg,.jpeg,.png,.docx,.odt,.txt"
              />
            </FormGroup>
            <button type="submit" class="button button-primary" safe>
              {t('dialogs.reply.submit')}
            </button>
          </form>
        </section>
      ) : (
        ''
      )}
      <section aria-labelledby="replies-heading">
        <h2 id="replies-heading" safe>
          {t('dialogs.reply.published_heading', { count: props.total })}
        </h2>
        {replies.length === 0 ? <p safe>{t('dialogs.reply.none')}</p> : ''}
        <ol class="nobullet-list">
          {replies.map((r) => (
            <li class="dialog-contribution">
              <h3 class="h5">
                <a href={`${base}/contributions/${r.id}`} safe>
                  {authorLine(ctx, r)}
                </a>
              </h3>
              <Paragraphs text={r.public_body} />
              <AttachmentLinks ctx={ctx} base={base} contribution={r} attachments={props.attachments} />
              {props.dialog.feedback_published_at && r.response ? <Response ctx={ctx} text={r.response} /> : ''}
            </li>
          ))}
        </ol>
        <Pager ctx={ctx} page={props.page} pageSize={props.pageSize} total={props.total} />
      </section>
    </>
  )
}

export function authorLine(ctx: ViewContext, c: DialogContributionRow): string {
  const parts = [c.author_name]
  if (c.organisation) parts.push(ctx.t('dialogs.reply.on_behalf', { organisation: c.organisation }))
  if (c.address && !c.hide_address) parts.push(c.address)
  return parts.join(', ')
}

function AttachmentLinks(props: {
  ctx: ViewContext
  base: string
  contribution: DialogContributionRow
  attachments: DialogPageProps['attachments']
}): JSX.Element {
  const own = props.attachments.filter((a) => a.contribution_id === props.contribution.id)
  if (!own.length) return ''
  return (
    <ul>
      {own.map((a) => (
        <li>
          <a href={`${props.base}/contributions/${props.contribution.id}/attachments/${a.id}`} safe>
            {a.file_name}
          </a>
        </li>
      ))}
    </ul>
  )
}

export function Response({ ctx, text }: { ctx: ViewContext; text: string }): JSX.Element {
  return (
    <div class="dialog-response">
      <h4 class="h6" safe>
        {ctx.t('dialogs.response.heading', { municipality: ctx.municipality?.name ?? '' })}
      </h4>
      <Paragraphs text={text} />
    </div>
  )
}

function IdeaStorm(props: DialogPageProps & { base: string }): JSX.Element {
  const { ctx, phase, base, dialog } = props
  const { t } = ctx
  const ideas = props.contributions.filter((c) => c.kind === 'idea')
  const open = phase === 'open' && !props.preview
  const values = props.idea?.values ?? { title: '', body: '' }
  return (
    <>
      {dialog.support_threshold > 0 ? (
        <p safe>{t('dialogs.idea.threshold', { count: dialog.support_threshold })}</p>
      ) : (
        ''
      )}
      {open ? (
        <section aria-labelledby="propose-heading">
          <h2 id="propose-heading" safe>
            {t('dialogs.idea.propose_heading')}
          </h2>
          {props.signedIn ? (
            <form method="post" action={`${base}/ideas`} novalidate>
              <CsrfField token={ctx.csrfToken} />
              <TextInput
                t={t}
                name="title"
                label={t('dialogs.idea.title')}
                value={values.title}
                errors={props.idea?.errors}
              />
              <TextArea
                t={t}
                name="body"
                label={t('dialogs.idea.body')}
                value={values.body}
                errors={props.idea?.errors}
                rows={6}
              />
              <button type="submit" class="button button-primary" safe>
                {t('dialogs.idea.submit')}
              </button>
            </form>
          ) : (
            <SignInPrompt ctx={ctx} base={base} />
          )}
        </section>
      ) : (
        ''
      )}
      <section aria-labelledby="ideas-heading">
        <h2 id="ideas-heading" safe>
          {t('dialogs.idea.list_heading', { count: props.total })}
        </h2>
        {ideas.length === 0 ? <p safe>{t('dialogs.idea.none')}</p> : ''}
        <ol class="nobullet-list">
          {ideas.map((idea) => (
            <li class="dialog-contribution">
              <h3 class="h4">
                <a href={`${base}/contributions/${idea.id}`} safe>
                  {idea.title}
                </a>
              </h3>
              <p>
                <span class="badge badge-info" safe>
                  {t(`dialogs.status.${idea.status}`)}
                </span>{' '}
                <span safe>{t('dialogs.idea.supports', { count: idea.supports_count })}</span>
                {dialog.support_threshold > 0 && idea.supports_count >= dialog.support_threshold ? (
                  <>
                    {' '}
                    <span class="badge badge-success" safe>
                      {t('dialogs.idea.threshold_reached')}
                    </span>
                  </>
                ) : (
                  ''
                )}
                {' · '}
                <span safe>{idea.author_name}</span>
              </p>
              <Paragraphs text={idea.public_body} />
              {idea.status_note ? <Paragraphs text={idea.status_note} /> : ''}
              {open && props.signedIn && !props.supported.has(idea.id) ? (
                <form method="post" action={`${base}/ideas/${idea.id}/support`}>
                  <CsrfField token={ctx.csrfToken} />
                  <button type="submit" class="button button-secondary" safe>
                    {t('dialogs.idea.support')}
                  </button>
                </form>
              ) : props.supported.has(idea.id) ? (
                <p safe>{t('dialogs.idea.supported')}</p>
              ) : (
                ''
              )}
            </li>
          ))}
        </ol>
        <Pager ctx={ctx} page={props.page} pageSize={props.pageSize} total={props.total} />
      </section>
    </>
  )
}

function Budget(props: DialogPageProps & { base: string }): JSX.Element {
  const { ctx, phase, base, dialog } = props
  const { t } = ctx
  const currency = ctx.municipality?.country === 'SE' ? 'SEK' : 'DKK'
  const projects = props.contributions.filter((c) => c.kind === 'project')
  const open = phase === 'open' && !props.preview
  const canVote = open && Boolean(props.signedIn) && !props.voted
  const rule =
    dialog.ballot_method === 'knapsack'
      ? t('dialogs.ballot.rule_knapsack', { budget: formatAmount(dialog.budget_total, ctx, currency) })
      : t('dialogs.ballot.rule_approval', { max: dialog.max_choices })
  return (
    <>
      <p safe>{t('dialogs.budget.total', { budget: formatAmount(dialog.budget_total, ctx, currency) })}</p>
      {props.results ? (
        <section id="results" aria-labelledby="results-heading">
          <h2 id="results-heading" safe>
            {t('dialogs.results.heading')}
          </h2>
          <ol>
            {props.results.map((r) => (
              <li safe>
                {`${r.project.title}: ${t('dialogs.results.votes', { count: r.votes })} · ${formatAmount(r.project.cost, ctx, currency)} · ${r.funded ? t('dialogs.results.funded') : t('dialogs.results.not_funded')}`}
              </li>
            ))}
          </ol>
        </section>
      ) : (
        ''
      )}
      <section aria-labelledby="projects-heading">
        <h2 id="projects-heading" safe>
          {t('dialogs.budget.projects_heading')}
        </h2>
        {open ? <p safe>{rule}</p> : ''}
        {open && props.voted ? <p safe>{t('dialogs.ballot.already')}</p> : ''}
        {open && !props.signedIn ? <SignInPrompt ctx={ctx} base={base} /> : ''}
        {canVote ? (
          <form method="post" action={`${base}/ballot`} novalidate>
            <CsrfField token={ctx.csrfToken} />
            <fieldset class={props.errors?.projects ? 'form-group form-error' : 'form-group'} id={fieldId('projects')}>
              <legend class="form-label" safe>
                {t('dialogs.budget.projects_legend')}
              </legend>
              {props.errors?.projects ? (
                <span class="form-error-message" safe>
                  {t(props.errors.projects.key, props.errors.projects.vars)}
                </span>
              ) : (
                ''
              )}
              <ul class="nobullet-list">
                {projects.map((p) => (
                  <ProjectItem {...props} base={base} project={p} canVote />
                ))}
              </ul>
            </fieldset>
            <button type="submit" class="button button-primary" safe>
              {t('dialogs.ballot.submit')}
            </button>
          </form>
        ) : (
          <ul class="nobullet-list">
            {projects.map((p) => (
              <ProjectItem {...props} base={base} project={p} canVote={false} />
            ))}
          </ul>
        )}
        {open && props.signedIn && dialog.pledges_enabled ? (
          <PledgeForm {...props} base={base} projects={projects} />
        ) : (
          ''
        )}
      </section>
    </>
  )
}

/** One project: a checkbox on the ballot when the reader may vote, else its title linking to its page. */
function ProjectItem(
  props: DialogPageProps & { base: string; project: DialogContributionRow; canVote: boolean },
): JSX.Element {
  const { ctx, base, project: p, dialog } = props
  const { t } = ctx
  const currency = ctx.municipality?.country === 'SE' ? 'SEK' : 'DKK'
  const label = `${p.title} (${formatAmount(p.cost, ctx, currency)})`
  return (
    <li class="dialog-contribution">
      {props.canVote ? (
        <>
          <input class="form-checkbox" type="checkbox" id={`project-${p.id}`} name="projects" value={p.id} />
          <label for={`project-${p.id}`} safe>
            {label}
          </label>
        </>
      ) : (
        <h3 class="h5">
          <a href={`${base}/contributions/${p.id}`} safe>
            {label}
          </a>
        </h3>
      )}
      <Paragraphs text={p.public_body} />
      {p.pledge_goal > 0 && dialog.pledges_enabled ? (
        <p safe>
          {t('dialogs.pledge.progress', {
            pledged: formatAmount(props.pledges.get(p.id) ?? 0, ctx, currency),
            goal: formatAmount(p.pledge_goal, ctx, currency),
          })}
        </p>
      ) : (
        ''
      )}
    </li>
  )
}

function PledgeForm(props: DialogPageProps & { base: string; projects: DialogContributionRow[] }): JSX.Element {
  const { ctx, base } = props
  const { t } = ctx
  const goals = props.projects.filter((p) => p.pledge_goal > 0)
  if (!goals.length) return ''
  return (
    <form method="post" action={`${base}/pledges`} novalidate>
      <CsrfField token={ctx.csrfToken} />
      <h3 safe>{t('dialogs.pledge.heading')}</h3>
      <FormGroup t={t} name="project" label={t('dialogs.pledge.project')} errors={props.errors}>
        <select class="form-select" id={fieldId('project')} name="project">
          {goals.map((p) => (
            <option value={p.id} safe>
              {p.title}
            </option>
          ))}
        </select>
      </FormGroup>
      <TextInput t={t} name="amount" label={t('dialogs.pledge.amount')} errors={props.errors} />
      <button type="submit" class="button button-secondary" safe>
        {t('dialogs.pledge.submit')}
      </button>
    </form>
  )
}

function Follow(props: DialogPageProps & { base: string }): JSX.Element {
  const { ctx, base } = props
  const { t } = ctx
  return (
    <section aria-labelledby="follow-heading">
      <h2 id="follow-heading" safe>
        {t('dialogs.follow.heading')}
      </h2>
      <p safe>{t('dialogs.follow.lead')}</p>
      {props.signedIn ? (
        <form method="post" action={`${base}/follow`}>
          <CsrfField token={ctx.csrfToken} />
          <fieldset class="form-group">
            <legend class="form-label" safe>
              {t('dialogs.follow.frequency')}
            </legend>
            <ul class="nobullet-list">
              {(['daily', 'weekly', 'none'] as const).map((f) => (
                <li>
                  <input
                    class="form-radio"
                    type="radio"
                    id={`frequency-${f}`}
                    name="frequency"
                    value={f}
                    checked={(props.following ?? 'none') === f}
                  />
                  <label for={`frequency-${f}`} safe>
                    {t(`dialogs.follow.${f}`)}
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
          <button type="submit" class="button button-secondary" safe>
            {t('dialogs.follow.submit')}
          </button>
        </form>
      ) : (
        <SignInPrompt ctx={ctx} base={base} />
      )}
    </section>
  )
}

export function ContributionPage({
  ctx,
  dialog,
  texts,
  contribution,
  comments,
  signedIn,
  commentErrors,
  phase,
}: {
  ctx: ViewContext
  dialog: DialogRow
  texts: DialogTextRow
  contribution: DialogContributionRow
  comments: DialogContributionRow[]
  signedIn: boolean
  commentErrors?: FieldErrors | undefined
  phase: Phase
}): JSX.Element {
  const { t } = ctx
  const slug = ctx.municipality?.slug ?? ''
  const base = `/${slug}/dialogs/${dialog.id}`
  const title =
    contribution.title || t(`dialogs.contribution.title_${contribution.kind}`, { name: contribution.author_name })
  return (
    <Layout ctx={ctx} title={title}>
      <p>
        <a href={base} safe>
          {t('dialogs.contribution.back', { title: texts.title })}
        </a>
      </p>
      <ErrorSummary t={t} errors={commentErrors} />
      <h1 safe>{title}</h1>
      <p safe>{authorLine(ctx, contribution)}</p>
      {contribution.kind === 'idea' ? (
        <p>
          <span class="badge badge-info" safe>
            {t(`dialogs.status.${contribution.status}`)}
          </span>{' '}
          <span safe>{t('dialogs.idea.supports', { count: contribution.supports_count })}</span>
        </p>
      ) : (
        ''
      )}
      <Paragraphs text={contribution.public_body} />
      {contribution.status_note ? (
        <>
          <h2 safe>{t('dialogs.status.explanation')}</h2>
          <Paragraphs text={contribution.status_note} />
        </>
      ) : (
        ''
      )}
      <section id="response" aria-labelledby="response-heading">
        <h2 id="response-heading" safe>
          {t('dialogs.contribution.response_heading')}
        </h2>
        {dialog.feedback_published_at && contribution.response ? (
          <Paragraphs text={contribution.response} />
        ) : (
          <p safe>{t('dialogs.contribution.response_pending', { date: formatDay(dialog.feedback_due_on, ctx) })}</p>
        )}
      </section>
      {contribution.kind === 'idea' ? (
        <section aria-labelledby="comments-heading">
          <h2 id="comments-heading" safe>
            {t('dialogs.comment.heading', { count: comments.length })}
          </h2>
          <ol class="nobullet-list">
            {comments.map((c) => (
              <li class="dialog-contribution">
                <p>
                  <strong safe>{c.author_name}</strong>
                </p>
                <Paragraphs text={c.public_body} />
              </li>
            ))}
          </ol>
          {phase === 'open' && signedIn ? (
            <form method="post" action={`${base}/ideas/${contribution.id}/comments`} novalidate>
              <CsrfField token={ctx.csrfToken} />
              <TextArea t={t} name="body" label={t('dialogs.comment.body')} errors={commentErrors} rows={4} />
              <button type="submit" class="button button-secondary" safe>
                {t('dialogs.comment.submit')}
              </button>
            </form>
          ) : phase === 'open' ? (
            <SignInPrompt ctx={ctx} base={`${base}/contributions/${contribution.id}`} />
          ) : (
            ''
          )}
        </section>
      ) : (
        ''
      )}
    </Layout>
  )
}

/** The summary document of a concluded consultation: every reply with the municipality's response. */
export function HvidbogPage({
  ctx,
  dialog,
  texts,
  replies,
  withheld,
}: {
  ctx: ViewContext
  dialog: DialogRow
  texts: DialogTextRow
  replies: DialogContributionRow[]
  /** Replies received but not published (moderation), counted so the summary accounts for every reply. */
  withheld: number
}): JSX.Element {
  const { t } = ctx
  const title = t('dialogs.hvidbog.title', { title: texts.title })
  return (
    <Layout ctx={ctx} title={title}>
      <h1 safe>{title}</h1>
      <p safe>
        {t('dialogs.hvidbog.lead', {
          count: replies.length,
          date: formatDay(dialog.feedback_published_at?.slice(0, 10) ?? null, ctx),
        })}
      </p>
      {withheld ? <p safe>{t('dialogs.hvidbog.withheld', { count: withheld })}</p> : ''}
      <h2 safe>{t('dialogs.feedback.heading')}</h2>
      <Paragraphs text={texts.feedback} />
      <ol class="nobullet-list">
        {replies.map((r, i) => (
          <li class="dialog-contribution">
            <h2 class="h3" safe>
              {`${i + 1}. ${authorLine(ctx, r)}`}
            </h2>
            <Paragraphs text={r.public_body} />
            <Response ctx={ctx} text={r.response} />
          </li>
        ))}
      </ol>
    </Layout>
  )
}
