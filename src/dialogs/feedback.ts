/**
 * Closing the loop: editors answer each reply, idea and project and give ideas a status with an
 * explanation; the overall "what happened with your input" can be published only once the input period
 * is over and every published contribution has its response. Publishing concludes the dialog and a job
 * e-mails every participant a link to the response to their own contribution. A dialog whose feedback
 * date passes without feedback is flagged to its department once.
 */
import { findCitizen } from '../citizens/service.ts'
import type { Db, Trx } from '../db/index.ts'
import { nowIso } from '../db/index.ts'
import type { Language, MunicipalityRow } from '../db/schema.ts'
import { IDEA_STATUSES, type IdeaStatus } from '../db/tables/dialogs.ts'
import { translator } from '../i18n/index.ts'
import { enqueue, type JobHandler } from '../jobs/service.ts'
import { record, SYSTEM } from '../journal/service.ts'
import { municipalitySender, queueMail } from '../mail/outbox/service.ts'
import { findMunicipalityById, listDepartments } from '../municipalities/service.ts'
import { BadRequest, Conflict, type FieldErrors, NotFound } from '../web/errors.ts'
import { addEvent } from './contributions.ts'
import { isOverdue, phaseOf } from './mandate.ts'
import { contributionPath, type DialogContext, dialogPath, textsIn, today } from './service.ts'
import * as store from './store.ts'

export const FEEDBACK_MAIL_JOB = 'dialogs.feedback_mail'
const RESPONDED_KINDS = ['reply', 'idea', 'project'] as const

export interface ResponseInput {
  response: string
  status?: string
  statusNote?: string
}

/** An editor's response to one contribution, and for an idea its status with the explanation. */
export async function respondTo(
  db: Db,
  ctx: DialogContext,
  dialogId: string,
  contributionId: string,
  input: ResponseInput,
): Promise<void> {
  const errors: FieldErrors = {}
  if (input.response.length > 20_000) errors.response = { key: 'web.validation.max_length', vars: { limit: 20_000 } }
  const status = input.status as IdeaStatus | undefined
  if (status !== undefined && !(IDEA_STATUSES as readonly string[]).includes(status))
    errors.status = { key: 'web.validation.required' }
  if (status && status !== 'new' && !input.statusNote?.trim())
    errors.status_note = { key: 'dialogs.status.note_required' }
  if (Object.keys(errors).length) throw BadRequest('web.error.bad_request', errors)
  await db.transaction().execute(async (trx) => {
    const dialog = await store.lockDialog(trx, ctx.municipality.id, dialogId)
    if (!dialog) throw NotFound('dialogs.not_found')
    if (dialog.state === 'concluded') throw Conflict('dialogs.concluded')
    const contribution = await store.findContribution(trx, dialogId, contributionId)
    if (!contribution) throw NotFound('dialogs.contribution.not_found')
    const now = nowIso()
    if (input.response.trim() !== contribution.response) {
      await store.updateContribution(trx, contribution.id, { response: input.response.trim(), updated_at: now })
      await record(trx, {
        municipalityId: ctx.municipality.id,
        actor: ctx.actor,
        action: 'dialogs.contribution.responded',
        subject: { type: 'dialog_contribution', id: contribution.id },
        summary: `Response to a ${contribution.kind} written`,
        documents: [{ body: input.response.trim(), mediaType: 'text/plain; charset=utf-8' }],
      })
    }
    const note = input.statusNote?.trim() ?? ''
    if (
      contribution.kind === 'idea' &&
      status &&
      (status !== contribution.status || note !== contribution.status_note)
    ) {
      await store.updateContribution(trx, contribution.id, { status, status_note: note, updated_at: now })
      await record(trx, {
        municipalityId: ctx.municipality.id,
        actor: ctx.actor,
        action: 'dialogs.idea.status_changed',
        subject: { type: 'dialog_contribution', id: contribution.id },
        summary: `Status ${contribution.status} → ${status}`,
        documents: note ? [{ body: note, mediaType: 'text/plain; charset=utf-8' }] : [],
      })
      await addEvent(trx, dialog, `status.${status}`, contribution.title)
    }
  })
}

/**
 * Publishes the feedback and concludes the dialog. Refused while input is still open, without the
 * overall text in the default language, or while a published contribution has no response.
 */
export async function publishFeedback(
  db: Db,
  ctx: DialogContext,
  dialogId: string,
  texts: Partial<Record<Language, string>>,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const dialog = await store.lockDialog(trx, ctx.municipality.id, dialogId)
    if (!dialog) throw NotFound('dialogs.not_found')
    if (dialog.state === 'concluded') throw Conflict('dialogs.concluded')
    const phase = phaseOf(dialog, today(ctx.municipality))
    if (phase === 'draft' || phase === 'upcoming' || phase === 'open') throw Conflict('dialogs.feedback.too_early')
    const errors: FieldErrors = {}
    const main = ctx.municipality.default_language
    if (!texts[main]?.trim()) errors[`feedback_${main}`] = { key: 'web.validation.required' }
    const contributions = await store.listContributions(trx, dialogId, {
      kinds: RESPONDED_KINDS,
      publishedOnly: true,
    })
    const missing = contributions.filter((c) => !c.response.trim()).length
    if (missing > 0) errors.responses = { key: 'dialogs.feedback.responses_missing', vars: { count: missing } }
    if (Object.keys(errors).length) throw BadRequest('dialogs.feedback.incomplete', errors)
    const existing = await store.listTexts(trx, [dialogId])
    for (const [language, text] of Object.entries(texts) as [Language, string | undefined][]) {
      if (!text?.trim()) continue
      const row = existing.find((t) => t.language === language)
      if (row) await store.setFeedbackText(trx, dialogId, language, text.trim())
      else await store.saveText(trx, { ...textsIn([], language, main), dialog_id: dialogId, feedback: text.trim() })
    }
    const now = nowIso()
    await store.updateDialog(trx, dialogId, { state: 'concluded', feedback_published_at: now, updated_at: now })
    await record(trx, {
      municipalityId: ctx.municipality.id,
      actor: ctx.actor,
      action: 'dialogs.feedback.published',
      subject: { type: 'dialog', id: dialogId },
      summary: `Feedback published with ${contributions.length} responses; dialog concluded`,
      documents: [{ body: texts[main]?.trim() ?? '', mediaType: 'text/plain; charset=utf-8' }],
    })
    await addEvent(trx, dialog, 'feedback', '')
    await enqueue(trx, {
      kind: FEEDBACK_MAIL_JOB,
      payload: { dialogId, baseUrl: ctx.baseUrl, mailDomain: ctx.mailDomain },
      municipalityId: ctx.municipality.id,
      dedupeKey: `${FEEDBACK_MAIL_JOB}:${dialogId}`,
    })
  })
}

interface Participation {
  email: string
  name: string
  language: Language
  links: string[]
}

/**
 * One e-mail per participant (by address): a link to the response to each of their contributions, and
 * for voters the results. Runs once per dialog: the dialog row records that the mails were queued.
 */
export async function mailFeedback(
  trx: Trx,
  municipality: MunicipalityRow,
  dialogId: string,
  baseUrl: string,
  mailDomain: string,
) {
  const dialog = await store.lockDialog(trx, municipality.id, dialogId)
  if (dialog?.state !== 'concluded' || dialog.feedback_mailed_at) return 0
  const people = new Map<string, Participation>()
  const add = (email: string, name: string, language: Language, link: string) => {
    const person = people.get(email) ?? { email, name, language, links: [] }
    if (!person.links.includes(link)) person.links.push(link)
    people.set(email, person)
  }
  for (const c of await store.listContributions(trx, dialogId, { kinds: ['reply', 'idea', 'comment'] })) {
    if (!c.author_email) continue
    // A comment's response is its idea's; a text that was never published points to the overall feedback.
    const target = c.kind === 'comment' ? c.parent_id : c.id
    const link =
      c.state === 'published' && target
        ? `${baseUrl}${contributionPath(municipality.slug, dialogId, target)}`
        : `${baseUrl}${dialogPath(municipality.slug, dialogId)}#feedback`
    add(c.author_email, c.author_name, c.language, link)
  }
  // Supporters and pledgers took part too: each is pointed to the response to what they backed.
  for (const backer of await store.listBackers(trx, dialogId)) {
    const citizen = await findCitizen(trx, backer.citizen_id)
    if (citizen)
      add(
        citizen.email,
        citizen.display_name,
        citizen.language,
        `${baseUrl}${contributionPath(municipality.slug, dialogId, backer.contribution_id)}`,
      )
  }
  for (const voter of await store.listVoters(trx, dialogId)) {
    add(voter.email, '', voter.language, `${baseUrl}${dialogPath(municipality.slug, dialogId)}#results`)
  }
  const texts = await store.listTexts(trx, [dialogId])
  for (const person of people.values()) {
    const t = translator(person.language)
    const title = textsIn(texts, person.language, municipality.default_language).title
    await queueMail(trx, {
      municipalityId: municipality.id,
      to: person.name ? { address: person.email, name: person.name } : { address: person.email },
      from: municipalitySender(municipality, mailDomain),
      subject: t('dialogs.mail.feedback_subject', { title }),
      text: [
        person.name ? t('dialogs.mail.greeting', { name: person.name }) : t('dialogs.mail.greeting_anonymous'),
        '',
        t('dialogs.mail.feedback_intro', { title }),
        '',
        ...person.links,
        '',
        t('dialogs.mail.feedback_overall'),
        `${baseUrl}${dialogPath(municipality.slug, dialogId)}#feedback`,
        '',
        municipality.name,
      ].join('\n'),
      regarding: { type: 'dialog', id: dialogId },
      purpose: 'dialogs.feedback',
      autoSubmitted: 'auto-generated',
    })
  }
  await store.updateDialog(trx, dialogId, { feedback_mailed_at: nowIso() })
  return people.size
}

export const feedbackMailJob: JobHandler<{ dialogId: string; baseUrl: string; mailDomain: string }> = async ({
  db,
  job,
  payload,
}) => {
  const municipality = job.municipality_id ? await findMunicipalityById(db, job.municipality_id) : undefined
  if (!municipality) return
  await (db as Db)
    .transaction()
    .execute((trx) => mailFeedback(trx, municipality, payload.dialogId, payload.baseUrl, payload.mailDomain))
}

/**
 * Flags every dialog whose feedback date has passed without feedback, once: a journal entry and an
 * e-mail to the responsible department. Returns how many were flagged.
 */
export async function flagOverdue(db: Db, baseUrl: string, mailDomain: string, now = new Date()): Promise<number> {
  let flagged = 0
  for (const candidate of await store.listAllPublished(db)) {
    if (candidate.overdue_flagged_at || candidate.state !== 'published') continue
    const municipality = await findMunicipalityById(db, candidate.municipality_id)
    if (!municipality || !isOverdue(candidate, today(municipality, now))) continue
    await db.transaction().execute(async (trx) => {
      const dialog = await store.lockDialog(trx, municipality.id, candidate.id)
      if (!dialog || dialog.overdue_flagged_at || dialog.feedback_published_at) return
      await store.updateDialog(trx, dialog.id, { overdue_flagged_at: nowIso() })
      await record(trx, {
        municipalityId: municipality.id,
        actor: SYSTEM,
        action: 'dialogs.feedback.overdue',
        subject: { type: 'dialog', id: dialog.id },
        summary: `Feedback was due ${dialog.feedback_due_on} and is not published`,
      })
      const department = (await listDepartments(trx, municipality.id)).find((d) => d.id === dialog.department_id)
      if (department) {
        const t = translator(municipality.default_language)
        const title = textsIn(
          await store.listTexts(trx, [dialog.id]),
          municipality.default_language,
          municipality.default_language,
        ).title
        await queueMail(trx, {
          municipalityId: municipality.id,
          to: { address: department.email },
          from: municipalitySender(municipality, mailDomain),
          subject: t('dialogs.mail.overdue_subject', { title }),
          text: [
            t('dialogs.mail.overdue_intro', { title, date: dialog.feedback_due_on ?? '' }),
            '',
            `${baseUrl}/${municipality.slug}/staff/dialogs/${dialog.id}/input`,
          ].join('\n'),
          regarding: { type: 'dialog', id: dialog.id },
          purpose: 'dialogs.feedback.overdue',
          autoSubmitted: 'auto-generated',
        })
      }
      flagged++
    })
  }
  return flagged
}

export const overdueIn = (dialogs: readonly Parameters<typeof isOverdue>[0][], day: string) =>
  dialogs.filter((d) => isOverdue(d, day)).length
