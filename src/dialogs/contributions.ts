/**
 * Citizens' input to a dialog: consultation replies (anyone, with a receipt e-mail), ideas and comments
 * (signed-in citizens) and supports (one per verified citizen per idea). Every text goes through
 * moderation with the dialog's mode; what the public sees has personal data masked.
 */
import type { Db, Trx } from '../db/index.ts'
import { newId, nowIso } from '../db/index.ts'
import type { Language } from '../db/schema.ts'
import type {
  ContributionKind,
  DialogContributionRow,
  DialogContributionTable,
  DialogRow,
} from '../db/tables/dialogs.ts'
import { translator } from '../i18n/index.ts'
import type { AcceptedFile } from '../inquiries/attachments.ts'
import { listTopics, receiveInquiry } from '../inquiries/service.ts'
import { record } from '../journal/service.ts'
import { municipalitySender, queueMail } from '../mail/outbox/service.ts'
import {
  announceModerationChange,
  type ModerationMode,
  type ModerationSource,
  registerModerationSource,
  submitForModeration,
} from '../moderation/service.ts'
import { findMunicipalityById } from '../municipalities/service.ts'
import { AppError, BadRequest, Conflict, type FieldErrors, NotFound } from '../web/errors.ts'
import { maskIdentityNumbers } from '../web/identity-numbers.ts'
import { phaseOf } from './mandate.ts'
import {
  contributionPath,
  type DialogContext,
  dialogPath,
  isEmail,
  listTexts,
  notOpen,
  textsIn,
  today,
} from './service.ts'
import * as store from './store.ts'

export const REPLY_KIND = 'dialog.reply'
export const IDEA_KIND = 'dialog.idea'
export const COMMENT_KIND = 'dialog.comment'
const MODERATION_KIND: Record<ContributionKind, string> = {
  reply: REPLY_KIND,
  idea: IDEA_KIND,
  comment: COMMENT_KIND,
  project: 'dialog.project',
}
export const MAX_REPLY_LENGTH = 20_000
export const MAX_IDEA_LENGTH = 4_000
export const MAX_TITLE_LENGTH = 140

/** The one person behind an idea, comment, support or ballot: a verified citizen. */
export interface Participant {
  id: string
  email: string
  display_name: string
  language: Language
}

const EMAIL_IN_TEXT = /[\w.+-]+@[\w-]+(\.[\w-]+)+/g
// Eight digits or more, with the usual separators: phone numbers in both countries.
const PHONE_IN_TEXT = /(?<![\w-])(\+\d{2}[\s-]?)?(\d[\s-]?){7,11}\d(?![\w-])/g

/** The public copy: identity numbers, e-mail addresses and phone numbers masked. */
export function maskPersonalData(text: string): string {
  return maskIdentityNumbers(text).replace(EMAIL_IN_TEXT, '[…]').replace(PHONE_IN_TEXT, '[…]')
}

export async function addEvent(trx: Trx, dialog: DialogRow, kind: string, label: string, at = nowIso()) {
  await store.insertEvent(trx, {
    id: newId(),
    dialog_id: dialog.id,
    municipality_id: dialog.municipality_id,
    kind,
    label: label.slice(0, 200),
    at,
  })
}

function blankContribution(dialog: DialogRow, kind: ContributionKind, language: Language): DialogContributionTable {
  const now = nowIso()
  return {
    id: newId(),
    dialog_id: dialog.id,
    municipality_id: dialog.municipality_id,
    kind,
    parent_id: null,
    citizen_id: null,
    author_name: '',
    author_email: null,
    represents: 'self',
    organisation: '',
    address: '',
    hide_address: 1,
    language,
    title: '',
    body: '',
    public_body: '',
    state: 'pending',
    moderation_item_id: null,
    status: 'new',
    status_note: '',
    response: '',
    cost: 0,
    pledge_goal: 0,
    supports_count: 0,
    created_at: now,
    updated_at: now,
  }
}

/** Open for input today, or a 409 naming the period. */
async function openDialog(trx: Trx, ctx: DialogContext, dialogId: string, kind: DialogRow['kind']) {
  const dialog = await store.lockDialog(trx, ctx.municipality.id, dialogId)
  if (!dialog || dialog.state === 'draft') throw NotFound('dialogs.not_found')
  if (dialog.kind !== kind) throw NotFound('dialogs.not_found')
  if (phaseOf(dialog, today(ctx.municipality)) !== 'open') throw notOpen(dialog)
  return dialog
}

/** Hands the text to moderation and stores the contribution with the state moderation gives it. */
async function submit(
  trx: Trx,
  ctx: DialogContext,
  dialog: DialogRow,
  row: DialogContributionTable,
  author: { key: string; name: string; email: string | null },
  maxLength: number,
): Promise<DialogContributionRow> {
  const text = row.title ? `${row.title}\n\n${row.body}` : row.body
  row.public_body = maskPersonalData(row.body)
  await store.insertContribution(trx, row)
  const moderated = await submitForModeration(trx, {
    municipalityId: ctx.municipality.id,
    kind: MODERATION_KIND[row.kind],
    subjectId: row.id,
    text,
    language: row.language,
    mode: dialog.moderation_mode as ModerationMode,
    author,
    maxLength,
    path: contributionPath(ctx.municipality.slug, dialog.id, row.id),
  })
  const published = { ...row, state: moderated.state, moderation_item_id: moderated.itemId }
  await store.updateContribution(trx, row.id, { state: moderated.state, moderation_item_id: moderated.itemId })
  if (moderated.state === 'published') await addEvent(trx, dialog, row.kind, row.title || row.public_body.slice(0, 80))
  return published
}

export interface ReplyInput {
  name: string
  email: string
  represents: string
  organisation: string
  address: string
  hideAddress: boolean
  text: string
  language: Language
}

export function replyErrors(input: ReplyInput): FieldErrors {
  const errors: FieldErrors = {}
  if (!input.name.trim()) errors.name = { key: 'web.validation.required' }
  else if (input.name.trim().length > 120) errors.name = { key: 'web.validation.max_length', vars: { limit: 120 } }
  if (!input.email.trim()) errors.email = { key: 'web.validation.required' }
  else if (!isEmail(input.email.trim())) errors.email = { key: 'web.validation.email' }
  if (input.represents !== 'self' && input.represents !== 'organisation')
    errors.represents = { key: 'web.validation.required' }
  if (input.represents === 'organisation' && !input.organisation.trim())
    errors.organisation = { key: 'dialogs.reply.organisation_required' }
  if (input.organisation.length > 200) errors.organisation = { key: 'web.validation.max_length', vars: { limit: 200 } }
  if (input.address.length > 300) errors.address = { key: 'web.validation.max_length', vars: { limit: 300 } }
  if (!input.text.trim()) errors.text = { key: 'web.validation.required' }
  else if (input.text.length > MAX_REPLY_LENGTH)
    errors.text = { key: 'web.validation.max_length', vars: { limit: MAX_REPLY_LENGTH } }
  return errors
}

/**
 * A consultation reply: checked, moderated, stored with its attachments, journaled, and a receipt is
 * mailed to the author. Replies after the deadline are refused with the period named.
 */
export async function submitReply(
  db: Db,
  ctx: DialogContext,
  dialogId: string,
  input: ReplyInput,
  files: readonly AcceptedFile[] = [],
): Promise<DialogContributionRow> {
  const errors = replyErrors(input)
  if (Object.keys(errors).length) throw BadRequest('web.error.bad_request', errors)
  const contribution = await db.transaction().execute(async (trx) => {
    const dialog = await openDialog(trx, ctx, dialogId, 'consultation')
    const email = input.email.trim().toLowerCase()
    const row = {
      ...blankContribution(dialog, 'reply', input.language),
      author_name: input.name.trim(),
      author_email: email,
      represents: input.represents,
      organisation: input.represents === 'organisation' ? input.organisation.trim() : '',
      address: input.address.trim(),
      hide_address: input.hideAddress ? 1 : 0,
      body: input.text.trim(),
    }
    const saved = await submit(
      trx,
      ctx,
      dialog,
      row,
      { key: `email:${email}`, name: row.author_name, email },
      MAX_REPLY_LENGTH,
    )
    for (const file of files) {
      await store.insertAttachment(trx, {
        id: newId(),
        contribution_id: row.id,
        file_name: file.fileName,
        content_type: file.contentType,
        size: file.bytes.byteLength,
        body: file.bytes,
      })
    }
    await record(trx, {
      municipalityId: ctx.municipality.id,
      actor: { type: 'citizen' },
      action: 'dialogs.reply.received',
      subject: { type: 'dialog_contribution', id: row.id },
      summary: `Consultation reply to dialog ${dialog.id}${row.organisation ? ' on behalf of an organisation' : ''}, ${files.length} attachment(s)`,
      documents: [
        { body: row.body, mediaType: 'text/plain; charset=utf-8' },
        ...files.map((f) => ({ body: f.bytes, mediaType: f.contentType })),
      ],
    })
    await sendReceipt(trx, ctx, dialog, saved)
    return saved
  })
  await announceModerationChange(db, ctx.municipality.id)
  return contribution
}

async function sendReceipt(trx: Trx, ctx: DialogContext, dialog: DialogRow, reply: DialogContributionRow) {
  if (!reply.author_email) return
  const t = translator(reply.language)
  const texts = textsIn(await listTexts(trx, [dialog.id]), reply.language, ctx.municipality.default_language)
  await queueMail(trx, {
    municipalityId: ctx.municipality.id,
    to: { address: reply.author_email, name: reply.author_name },
    from: municipalitySender(ctx.municipality, ctx.mailDomain),
    subject: t('dialogs.mail.receipt_subject', { title: texts.title }),
    text: [
      t('dialogs.mail.greeting', { name: reply.author_name }),
      '',
      t('dialogs.mail.receipt_intro', { title: texts.title }),
      reply.state === 'published' ? t('dialogs.mail.receipt_published') : t('dialogs.mail.receipt_pending'),
      t('dialogs.mail.receipt_feedback', { date: dialog.feedback_due_on ?? '' }),
      '',
      `${ctx.baseUrl}${dialogPath(ctx.municipality.slug, dialog.id)}`,
      '',
      t('dialogs.mail.your_text'),
      reply.body,
      '',
      ctx.municipality.name,
    ].join('\n'),
    regarding: { type: 'dialog_contribution', id: reply.id },
    purpose: 'dialogs.reply.receipt',
    autoSubmitted: 'auto-replied',
  })
}

export interface IdeaInput {
  title: string
  body: string
  language: Language
}

export function ideaErrors(input: IdeaInput): FieldErrors {
  const errors: FieldErrors = {}
  if (!input.title.trim()) errors.title = { key: 'web.validation.required' }
  else if (input.title.length > MAX_TITLE_LENGTH)
    errors.title = { key: 'web.validation.max_length', vars: { limit: MAX_TITLE_LENGTH } }
  if (!input.body.trim()) errors.body = { key: 'web.validation.required' }
  else if (input.body.length > MAX_IDEA_LENGTH)
    errors.body = { key: 'web.validation.max_length', vars: { limit: MAX_IDEA_LENGTH } }
  return errors
}

/** A verified citizen proposes an idea in an open idea storm. */
export async function proposeIdea(
  db: Db,
  ctx: DialogContext,
  citizen: Participant,
  dialogId: string,
  input: IdeaInput,
): Promise<DialogContributionRow> {
  const errors = ideaErrors(input)
  if (Object.keys(errors).length) throw BadRequest('web.error.bad_request', errors)
  const idea = await db.transaction().execute(async (trx) => {
    const dialog = await openDialog(trx, ctx, dialogId, 'idea_storm')
    const row = {
      ...blankContribution(dialog, 'idea', input.language),
      citizen_id: citizen.id,
      author_name: citizen.display_name,
      author_email: citizen.email,
      title: input.title.trim(),
      body: input.body.trim(),
    }
    const saved = await submit(
      trx,
      ctx,
      dialog,
      row,
      { key: citizen.id, name: citizen.display_name, email: citizen.email },
      MAX_IDEA_LENGTH + MAX_TITLE_LENGTH + 2,
    )
    await record(trx, {
      municipalityId: ctx.municipality.id,
      actor: { type: 'citizen', id: citizen.id },
      action: 'dialogs.idea.proposed',
      subject: { type: 'dialog_contribution', id: row.id },
      summary: `Idea proposed in dialog ${dialog.id}`,
      documents: [{ body: `${row.title}\n\n${row.body}`, mediaType: 'text/plain; charset=utf-8' }],
    })
    return saved
  })
  await announceModerationChange(db, ctx.municipality.id)
  return idea
}

/** A verified citizen comments on a published idea while the storm is open. */
export async function commentOnIdea(
  db: Db,
  ctx: DialogContext,
  citizen: Participant,
  dialogId: string,
  ideaId: string,
  input: { body: string; language: Language },
): Promise<DialogContributionRow> {
  if (!input.body.trim()) throw BadRequest('web.error.bad_request', { body: { key: 'web.validation.required' } })
  if (input.body.length > MAX_IDEA_LENGTH)
    throw BadRequest('web.error.bad_request', {
      body: { key: 'web.validation.max_length', vars: { limit: MAX_IDEA_LENGTH } },
    })
  const comment = await db.transaction().execute(async (trx) => {
    const dialog = await openDialog(trx, ctx, dialogId, 'idea_storm')
    const idea = await store.findContribution(trx, dialog.id, ideaId)
    if (idea?.kind !== 'idea' || idea.state !== 'published') throw NotFound('dialogs.idea.not_found')
    const row = {
      ...blankContribution(dialog, 'comment', input.language),
      parent_id: idea.id,
      citizen_id: citizen.id,
      author_name: citizen.display_name,
      author_email: citizen.email,
      body: input.body.trim(),
    }
    const saved = await submit(
      trx,
      ctx,
      dialog,
      row,
      { key: citizen.id, name: citizen.display_name, email: citizen.email },
      MAX_IDEA_LENGTH,
    )
    await record(trx, {
      municipalityId: ctx.municipality.id,
      actor: { type: 'citizen', id: citizen.id },
      action: 'dialogs.comment.added',
      subject: { type: 'dialog_contribution', id: row.id },
      summary: `Comment on idea ${idea.id}`,
      documents: [{ body: row.body, mediaType: 'text/plain; charset=utf-8' }],
    })
    return saved
  })
  await announceModerationChange(db, ctx.municipality.id)
  return comment
}

/**
 * One support per verified citizen per idea: a second is refused with 409 `dialogs.support.already`.
 * Reaching the dialog's threshold is journaled and goes into followers' digests.
 */
export async function supportIdea(
  db: Db,
  ctx: DialogContext,
  citizen: Participant,
  dialogId: string,
  ideaId: string,
): Promise<{ supports: number }> {
  return db.transaction().execute(async (trx) => {
    const dialog = await openDialog(trx, ctx, dialogId, 'idea_storm')
    const idea = await store.findContribution(trx, dialog.id, ideaId)
    if (idea?.kind !== 'idea' || idea.state !== 'published') throw NotFound('dialogs.idea.not_found')
    const at = nowIso()
    if (!(await store.insertSupport(trx, idea.id, citizen.id, at))) throw Conflict('dialogs.support.already')
    const supports = idea.supports_count + 1
    await record(trx, {
      municipalityId: ctx.municipality.id,
      actor: { type: 'citizen', id: citizen.id },
      action: 'dialogs.idea.supported',
      subject: { type: 'dialog_contribution', id: idea.id },
      summary: `Support number ${supports}`,
    })
    if (dialog.support_threshold > 0 && supports === dialog.support_threshold) {
      await record(trx, {
        municipalityId: ctx.municipality.id,
        actor: { type: 'system' },
        action: 'dialogs.idea.threshold_reached',
        subject: { type: 'dialog_contribution', id: idea.id },
        summary: `Reached the threshold of ${dialog.support_threshold} supports`,
      })
      await addEvent(trx, dialog, 'threshold', idea.title)
    }
    return { supports }
  })
}

/** A moderator's decision changes the public copy; a newly published text goes into followers' digests. */
const source: ModerationSource = {
  handOff: (trx, item, context) => handOff(trx, item, context),
  async applyDecision(trx, item, decision) {
    const contribution = await store.findContributionById(trx, item.subjectId)
    if (!contribution) return
    const dialog = await store.findDialogById(trx, contribution.dialog_id)
    if (!dialog) return
    const changes: Partial<DialogContributionTable> = {
      state: decision.state === 'handed_off' ? 'hidden' : decision.state,
      updated_at: nowIso(),
    }
    if (decision.text !== undefined) {
      const at = contribution.title ? decision.text.indexOf('\n\n') : -1
      const body = at >= 0 ? decision.text.slice(at + 2) : decision.text
      changes.public_body = maskPersonalData(body.trim())
    }
    await store.updateContribution(trx, contribution.id, changes)
    if (decision.state === 'published' && contribution.state !== 'published')
      await addEvent(trx, dialog, contribution.kind, contribution.title || contribution.public_body.slice(0, 80))
  },
}

/**
 * A case matter raised in a dialog goes to the contact centre as a private inquiry (to the topic of the
 * dialog's department, else the contact centre's): the author gets the inquiry's receipt with its private
 * link, and the dialog shows the post no more.
 */
const handOff: NonNullable<ModerationSource['handOff']> = async (trx, item, context) => {
  const contribution = await store.findContributionById(trx, item.subjectId)
  const dialog = contribution ? await store.findDialogById(trx, contribution.dialog_id) : undefined
  const municipality = dialog ? await findMunicipalityById(trx, dialog.municipality_id) : undefined
  if (!contribution?.author_email || !dialog || !municipality) throw NotFound('dialogs.contribution.not_found')
  const topics = await listTopics(trx, municipality.id)
  const topic =
    topics.find((x) => x.department_id && x.department_id === dialog.department_id) ??
    topics.find((x) => !x.department_id) ??
    topics[0]
  if (!topic) throw NotFound('dialogs.contribution.not_found')
  const t = translator(contribution.language)
  const text = contribution.title ? `${contribution.title}\n\n${contribution.body}` : contribution.body
  const { inquiry } = await receiveInquiry(
    trx as unknown as Db,
    { municipality, actor: context.actor, baseUrl: context.baseUrl, mailDomain: context.mailDomain },
    {
      topic: topic.id,
      message: `${text}\n\n(${t('dialogs.handoff.note')})`,
      name: contribution.author_name,
      email: contribution.author_email,
      language: contribution.language,
      channel: 'web',
    },
  )
  await store.updateContribution(trx, contribution.id, { state: 'handed_off', updated_at: nowIso() })
  await record(trx, {
    municipalityId: municipality.id,
    actor: context.actor,
    action: 'dialogs.contribution.handed_off',
    subject: { type: 'dialog_contribution', id: contribution.id },
    summary: `Moved off the dialog into private inquiry ${inquiry.reference}`,
  })
  return { inquiryId: inquiry.id }
}

registerModerationSource(REPLY_KIND, {
  ...source,
  labels: { da: 'Høringssvar i en dialog', sv: 'Remissvar i en dialog', en: 'Consultation reply in a dialog' },
})
registerModerationSource(IDEA_KIND, {
  ...source,
  labels: { da: 'Idé i en idéstorm', sv: 'Idé i en idéstorm', en: 'Idea in an idea storm' },
})
registerModerationSource(COMMENT_KIND, {
  ...source,
  labels: { da: 'Kommentar til en idé', sv: 'Kommentar till en idé', en: 'Comment on an idea' },
})

export async function findPublicContribution(db: Db, dialog: DialogRow, id: string) {
  const contribution = await store.findContribution(db, dialog.id, id)
  if (contribution?.state !== 'published') throw NotFound('dialogs.contribution.not_found')
  return contribution
}

export const listContributions = store.listContributions
export const pagePublished = store.pagePublished
export const listAttachments = store.listAttachments
export const findAttachment = store.findAttachment
export const supportedBy = store.supportedBy

/** Refusal when a citizen must sign in first (the route turns it into a redirect for browsers). */
export const signInRequired = () => new AppError(401, 'dialogs.sign_in_required')
