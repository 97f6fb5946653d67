/**
 * Working an inquiry: take, assign, route, answer, add a note, close, reopen. Each action locks the
 * inquiry, changes it and journals the change in one transaction (with any e-mail it sends queued in the
 * same transaction), then tells open pages after the commit.
 */
import { dueAt } from '../../calendar/business-days.ts'
import type { Db, Trx } from '../../db/index.ts'
import { newId, nowIso } from '../../db/index.ts'
import { INQUIRY_RESOLUTIONS, type InquiryResolution, type InquiryRow, type MunicipalityRow } from '../../db/schema.ts'
import { translator } from '../../i18n/index.ts'
import { allows } from '../../identity/permissions.ts'
import { listStaff } from '../../identity/service.ts'
import { record } from '../../journal/service.ts'
import { municipalitySender, queueMail } from '../../mail/outbox/service.ts'
import { departmentName, listDepartments } from '../../municipalities/service.ts'
import { BadRequest, Conflict, NotFound } from '../../web/errors.ts'
import { maskIdentityNumbers } from '../../web/identity-numbers.ts'
import { publish } from '../../web/live.ts'
import { replyAddress } from '../receipt-mail.ts'
import { answerDaysFor } from '../routing/deadlines.ts'
import { findTopicById, insertMessage } from '../store.ts'
import * as store from './store.ts'

export const MAX_TEXT_LENGTH = 10_000
const TEXT = 'text/plain; charset=utf-8'
/** How many earlier Message-IDs an answer's References carries (RFC 5322 lets us trim the middle). */
const MAX_REFERENCES = 20

export interface CaseContext {
  municipality: MunicipalityRow
  /** The staff member acting. */
  userId: string
  baseUrl: string
  mailDomain: string
}

export type CaseEvent = 'taken' | 'assigned' | 'routed' | 'answered' | 'noted' | 'closed' | 'reopened'

/** What an answer hook hears: the inquiry (before the answer), the answer's text and who gave it. */
export interface AnsweredInquiry {
  municipality: MunicipalityRow
  inquiry: InquiryRow
  body: string
  userId: string
}
export type AnswerHook = (trx: Trx, answered: AnsweredInquiry) => Promise<void>
const answerHooks: AnswerHook[] = []

/**
 * Another channel hears of every answer, in the answer's transaction (the board shows an answer given in
 * the inbox as the official answer), without this module knowing that channel.
 */
export function registerAnswerHook(hook: AnswerHook): void {
  if (!answerHooks.includes(hook)) answerHooks.push(hook)
}

const actorOf = (context: CaseContext) => ({ type: 'user' as const, id: context.userId })
const blank = (value: string | undefined) => !value || value.trim() === ''

/** Lock, change and journal in one transaction; tell open pages after it commits. */
async function act<T>(
  db: Db,
  context: CaseContext,
  id: string,
  event: CaseEvent,
  work: (trx: Trx, inquiry: InquiryRow) => Promise<T>,
): Promise<T> {
  const result = await db.transaction().execute(async (trx) => {
    const inquiry = await store.lockInquiry(trx, context.municipality.id, id)
    if (!inquiry) throw NotFound('inquiries.case.not_found')
    return work(trx, inquiry)
  })
  await publish(db, { municipalityId: context.municipality.id, topic: 'inquiries', id, kind: event })
  return result
}

function refuseClosed(inquiry: InquiryRow): void {
  if (inquiry.status === 'closed') throw Conflict('inquiries.case.closed_refused')
}

const journal = (trx: Trx, context: CaseContext, inquiry: InquiryRow, action: string, summary: string, body?: string) =>
  record(trx, {
    municipalityId: context.municipality.id,
    actor: actorOf(context),
    action,
    subject: { type: 'inquiry', id: inquiry.id },
    summary,
    ...(body ? { documents: [{ body, mediaType: TEXT }] } : {}),
  })

/** Staff of this municipality who may handle inquiries (and are not disabled): who can be assigned. */
export async function listHandlers(db: Db, municipalityId: string) {
  const people = await listStaff(db, municipalityId)
  return people.filter((p) => !p.disabled && allows('inquiries.handle', p.roles))
}

/** Assign the inquiry to the person acting and start handling it. */
export function takeInquiry(db: Db, context: CaseContext, id: string): Promise<void> {
  return act(db, context, id, 'taken', async (trx, inquiry) => {
    refuseClosed(inquiry)
    await store.updateInquiry(trx, inquiry.id, { assignee_id: context.userId, status: 'open', updated_at: nowIso() })
    await journal(trx, context, inquiry, 'inquiry.taken', `Inquiry ${inquiry.reference} taken by its handler`)
  })
}

export async function assignInquiry(db: Db, context: CaseContext, id: string, assigneeId: string): Promise<void> {
  const handlers = await listHandlers(db, context.municipality.id)
  if (!handlers.some((h) => h.id === assigneeId))
    throw BadRequest('inquiries.case.assignee_unknown', { assignee: { key: 'inquiries.case.assignee_unknown' } })
  return act(db, context, id, 'assigned', async (trx, inquiry) => {
    refuseClosed(inquiry)
    const status = inquiry.status === 'new' ? 'open' : inquiry.status
    await store.updateInquiry(trx, inquiry.id, { assignee_id: assigneeId, status, updated_at: nowIso() })
    await journal(trx, context, inquiry, 'inquiry.assigned', `Inquiry ${inquiry.reference} assigned to ${assigneeId}`)
  })
}

/**
 * Move the inquiry to a department's queue (its handler is cleared so the department picks it up) and
 * tell the department by e-mail: the reference, the reason and a link, nothing else about the citizen.
 * The due date follows the new queue's deadline, counted from when the inquiry was received (the rule of
 * the intake: the topic's own deadline wins, then the department's, then the default); a changed due
 * date is in the journal entry.
 */
export async function routeInquiry(
  db: Db,
  context: CaseContext,
  id: string,
  input: { department: string; reason: string },
): Promise<void> {
  const { municipality } = context
  const department = (await listDepartments(db, municipality.id)).find((d) => d.id === input.department)
  const errors = {
    ...(department ? {} : { department: { key: 'inquiries.case.department_unknown' as const } }),
    ...(blank(input.reason) ? { route_reason: { key: 'web.validation.required' as const } } : {}),
  }
  if (!department || Object.keys(errors).length) throw BadRequest('web.error.bad_request', errors)
  const reason = input.reason.trim()
  return act(db, context, id, 'routed', async (trx, inquiry) => {
    refuseClosed(inquiry)
    const topic = inquiry.topic_id ? await findTopicById(trx, inquiry.topic_id) : undefined
    const days = await answerDaysFor(trx, topic ?? { answer_days: null }, department.id)
    const due = dueAt(new Date(inquiry.received_at), days, municipality.country, municipality.time_zone).toISOString()
    await store.updateInquiry(trx, inquiry.id, {
      department_id: department.id,
      assignee_id: null,
      due_at: due,
      updated_at: nowIso(),
    })
    const dueNote = due === inquiry.due_at ? '' : `; due ${due} (was ${inquiry.due_at})`
    const summary = `Inquiry ${inquiry.reference} routed to ${department.slug}${dueNote}`
    await journal(trx, context, inquiry, 'inquiry.routed', summary, reason)
    const language = municipality.default_language
    const t = translator(language)
    const text = [
      t('inquiries.case.route_mail.intro', {
        reference: inquiry.reference,
        department: departmentName(department, language),
      }),
      '',
      `${t('inquiries.case.route_mail.reason')}:`,
      maskIdentityNumbers(reason),
      '',
      t('inquiries.case.route_mail.link'),
      `${context.baseUrl}/${municipality.slug}/staff/inquiries/${inquiry.id}`,
      '',
      municipality.name,
    ].join('\n')
    await queueMail(trx, {
      municipalityId: municipality.id,
      to: { address: department.email, name: departmentName(department, language) },
      from: municipalitySender(municipality, context.mailDomain),
      subject: t('inquiries.case.route_mail.subject', { reference: inquiry.reference }),
      text,
      regarding: { type: 'inquiry', id: inquiry.id },
      purpose: 'inquiry.routed',
      autoSubmitted: 'auto-generated',
      actor: actorOf(context),
    })
  })
}

function checkText(field: string, value: string): void {
  if (blank(value)) throw BadRequest('web.error.bad_request', { [field]: { key: 'web.validation.required' } })
  if (value.length > MAX_TEXT_LENGTH)
    throw BadRequest('web.error.bad_request', {
      [field]: { key: 'web.validation.max_length', vars: { limit: MAX_TEXT_LENGTH } },
    })
}

/**
 * Answer the citizen: by e-mail when there is an address (Reply-To the inquiry's own address, threaded
 * after the last message of the thread), otherwise only recorded, and staff must phone. The answer is an
 * outgoing message either way and the inquiry is answered. Returns whether an e-mail was queued.
 */
export async function answerInquiry(
  db: Db,
  context: CaseContext,
  id: string,
  text: string,
): Promise<{ emailed: boolean }> {
  checkText('answer', text)
  const body = text.replace(/\r\n/g, '\n').trim()
  const { municipality } = context
  return act(db, context, id, 'answered', async (trx, inquiry) => {
    refuseClosed(inquiry)
    const { documentHashes } = await journal(
      trx,
      context,
      inquiry,
      'inquiry.answered',
      `Inquiry ${inquiry.reference} answered${inquiry.citizen_email ? ' by e-mail' : ', to be given by phone'}`,
      body,
    )
    let emailMessageId: string | null = null
    if (inquiry.citizen_email) {
      const thread = await store.threadMessageIds(trx, municipality.id, inquiry.id)
      // Reply to the citizen's last e-mail if there is one, else to our last (the receipt).
      const parent = [...thread].reverse().find((m) => m.inbound) ?? thread.at(-1)
      const t = translator(inquiry.language)
      const queued = await queueMail(trx, {
        municipalityId: municipality.id,
        to: { address: inquiry.citizen_email, name: inquiry.citizen_name },
        from: municipalitySender(municipality, context.mailDomain),
        replyTo: {
          address: await replyAddress(trx, municipality, inquiry.reply_token, context.mailDomain),
          name: municipality.name,
        },
        subject: t('inquiries.case.answer_mail.subject', { reference: inquiry.reference }),
        text: [
          maskIdentityNumbers(body),
          '',
          '-- ',
          t('inquiries.case.answer_mail.reference', { reference: inquiry.reference }),
          t('inquiries.case.answer_mail.reply'),
          municipality.name,
        ].join('\n'),
        ...(parent ? { inReplyTo: parent.id } : {}),
        ...(thread.length ? { references: thread.slice(-MAX_REFERENCES).map((m) => m.id) } : {}),
        regarding: { type: 'inquiry', id: inquiry.id },
        purpose: 'inquiry.answer',
        autoSubmitted: 'no',
        actor: actorOf(context),
      })
      emailMessageId = queued.messageId
    }
    const now = nowIso()
    await insertMessage(trx, {
      id: newId(),
      inquiry_id: inquiry.id,
      municipality_id: municipality.id,
      direction: 'out',
      channel: emailMessageId ? 'email' : 'phone',
      body,
      author_id: context.userId,
      created_at: now,
      document_hash: documentHashes[0] as string,
      email_message_id: emailMessageId,
      delivery: emailMessageId ? 'queued' : 'phone',
    })
    await store.updateInquiry(trx, inquiry.id, {
      status: 'answered',
      assignee_id: inquiry.assignee_id ?? context.userId,
      updated_at: now,
    })
    for (const hook of answerHooks) await hook(trx, { municipality, inquiry, body, userId: context.userId })
    return { emailed: emailMessageId !== null }
  })
}

/** An internal note: staff only, never sent, allowed in every status. */
export async function addNote(db: Db, context: CaseContext, id: string, text: string): Promise<void> {
  checkText('note', text)
  const body = text.replace(/\r\n/g, '\n').trim()
  return act(db, context, id, 'noted', async (trx, inquiry) => {
    const { documentHashes } = await journal(
      trx,
      context,
      inquiry,
      'inquiry.note_added',
      `Internal note added to inquiry ${inquiry.reference}`,
      body,
    )
    const now = nowIso()
    await insertMessage(trx, {
      id: newId(),
      inquiry_id: inquiry.id,
      municipality_id: context.municipality.id,
      direction: 'note',
      channel: inquiry.channel,
      body,
      author_id: context.userId,
      created_at: now,
      document_hash: documentHashes[0] as string,
      email_message_id: null,
      delivery: null,
    })
    await store.updateInquiry(trx, inquiry.id, { updated_at: now })
  })
}

export const isResolution = (value: unknown): value is InquiryResolution =>
  (INQUIRY_RESOLUTIONS as readonly unknown[]).includes(value)

/** Close with a resolution; without an answer sent, only with a stated reason (409 otherwise). */
export async function closeInquiry(
  db: Db,
  context: CaseContext,
  id: string,
  input: { resolution: string; reason: string },
): Promise<void> {
  if (!isResolution(input.resolution))
    throw BadRequest('web.error.bad_request', { resolution: { key: 'inquiries.case.resolution_required' } })
  const resolution = input.resolution
  const reason = input.reason.trim()
  if (reason.length > MAX_TEXT_LENGTH)
    throw BadRequest('web.error.bad_request', {
      close_reason: { key: 'web.validation.max_length', vars: { limit: MAX_TEXT_LENGTH } },
    })
  return act(db, context, id, 'closed', async (trx, inquiry) => {
    if (inquiry.status === 'closed') throw Conflict('inquiries.case.already_closed')
    if (!reason && !(await store.hasAnswer(trx, inquiry.id)))
      throw Conflict('inquiries.case.close_needs_reason', {
        close_reason: { key: 'inquiries.case.close_needs_reason' },
      })
    const now = nowIso()
    await store.updateInquiry(trx, inquiry.id, {
      status: 'closed',
      closed_at: now,
      resolution,
      resolution_reason: reason || null,
      updated_at: now,
    })
    const summary = `Inquiry ${inquiry.reference} closed (${resolution})`
    await journal(trx, context, inquiry, 'inquiry.closed', summary, reason || undefined)
  })
}

export function reopenInquiry(db: Db, context: CaseContext, id: string): Promise<void> {
  return act(db, context, id, 'reopened', async (trx, inquiry) => {
    if (inquiry.status !== 'closed') throw Conflict('inquiries.case.not_closed')
    await store.updateInquiry(trx, inquiry.id, {
      status: inquiry.assignee_id ? 'open' : 'new',
      closed_at: null,
      resolution: null,
      resolution_reason: null,
      updated_at: nowIso(),
    })
    await journal(trx, context, inquiry, 'inquiry.reopened', `Inquiry ${inquiry.reference} reopened`)
  })
}
