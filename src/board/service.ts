/**
 * The public Q&A board: citizens ask and answer, staff give the official answer, everything a citizen
 * writes passes moderation. A post is stored first as `unverified` when its author has not proved the
 * address in this browser (a link is e-mailed; `onCitizenVerified` sends it on), then handed to
 * `submitForModeration` in the same transaction, which says whether it may be shown. A published
 * question becomes an inquiry in the contact centre (channel `board`), so it gets the same routing and
 * deadline; answering that inquiry, in the inbox or on the board, puts the official answer on the board
 * (`official.ts`). Moderators' decisions and hand-offs come back through `sources.ts`.
 */
import {
  type CitizenRow,
  findCitizen,
  hasControlCharacters,
  onCitizenVerified,
  registerSubscriptionKind,
  sendLink,
  startCitizen,
} from '../citizens/service.ts'
import type { Db, Executor, Trx } from '../db/index.ts'
import { newId, nowIso } from '../db/index.ts'
import type { InquiryTopicRow, Language, MunicipalityRow } from '../db/schema.ts'
import type { BoardAnswerRow, BoardQuestionRow } from '../db/tables/board.ts'
import { translator } from '../i18n/index.ts'
import { listTopics, receiveInquiry } from '../inquiries/service.ts'
import { type Actor, record } from '../journal/service.ts'
import {
  announceModerationChange,
  MODERATION_MODES,
  type ModerationMode,
  submitForModeration,
} from '../moderation/service.ts'
import { AppError, BadRequest, Conflict, type FieldErrors, NotFound } from '../web/errors.ts'
import { invalidateBoard } from './cache.ts'
import * as store from './store.ts'

export const QUESTION_KIND = 'board.question'
export const ANSWER_KIND = 'board.answer'
/** Defaults until an admin changes them: only posts with a finding wait for a moderator. */
export const DEFAULT_MODE: ModerationMode = 'flagged'
export const DEFAULT_MAX_LENGTH = 2000
export const MAX_LENGTH_RANGE = { min: 200, max: 10_000 } as const
export const MAX_TITLE_LENGTH = 150
export const PAGE_SIZE = 20

/** Where links in e-mails and inquiries point; set from the app's config when the routes register. */
let runtime = { baseUrl: 'http://localhost:3000', mailDomain: 'radhus.test' }
export function configureBoard(config: { baseUrl: string; mailDomain: string }): void {
  runtime = { baseUrl: config.baseUrl, mailDomain: config.mailDomain }
}
export const boardRuntime = () => runtime

export const boardPath = (slug: string) => `/${slug}/questions`
export const questionPath = (slug: string, id: string) => `/${slug}/questions/${id}`

export interface BoardSettings {
  mode: ModerationMode
  maxLength: number
}

export const isModerationMode = (value: unknown): value is ModerationMode =>
  (MODERATION_MODES as readonly unknown[]).includes(value)

export async function boardSettings(db: Executor, municipalityId: string): Promise<BoardSettings> {
  const row = await store.findSettings(db, municipalityId)
  return {
    mode: isModerationMode(row?.moderation_mode) ? row.moderation_mode : DEFAULT_MODE,
    maxLength: row?.max_length ?? DEFAULT_MAX_LENGTH,
  }
}

export async function saveBoardSettings(
  db: Db,
  actor: Actor,
  municipalityId: string,
  input: { mode: unknown; maxLength: unknown },
): Promise<BoardSettings> {
  const errors: FieldErrors = {}
  const maxLength = Number(input.maxLength)
  if (!isModerationMode(input.mode)) errors.mode = { key: 'web.validation.enum' }
  if (!Number.isInteger(maxLength) || maxLength < MAX_LENGTH_RANGE.min || maxLength > MAX_LENGTH_RANGE.max)
    errors.max_length = { key: 'board.settings.max_length_range', vars: { ...MAX_LENGTH_RANGE } }
  if (Object.keys(errors).length || !isModerationMode(input.mode)) throw BadRequest('web.error.bad_request', errors)
  const mode = input.mode
  await db.transaction().execute(async (trx) => {
    await store.saveSettings(trx, {
      municipality_id: municipalityId,
      moderation_mode: mode,
      max_length: maxLength,
      updated_at: nowIso(),
    })
    await record(trx, {
      municipalityId,
      actor,
      action: 'board.settings.changed',
      subject: { type: 'board', id: municipalityId },
      summary: `Board moderation mode ${mode}, length limit ${maxLength}`,
    })
  })
  return { mode, maxLength }
}

// Script in any of its usual disguises. Other HTML is harmless here: it is shown as text.
const SCRIPT = /<\s*\/?\s*(script|iframe|object|embed|svg)\b|javascript\s*:|vbscript\s*:|\bon[a-z]+\s*=/i

/** Field errors for one text field of a post: empty, too long, binary, or carrying script. */
export function checkPostText(field: string, value: string, limit: number): FieldErrors {
  const text = value.trim()
  if (!text) return { [field]: { key: 'web.validation.required' } }
  if (text.length > limit) return { [field]: { key: 'web.validation.max_length', vars: { limit } } }
  if (hasControlCharacters(text)) return { [field]: { key: 'board.form.binary' } }
  if (SCRIPT.test(text)) return { [field]: { key: 'board.form.script' } }
  return {}
}

/** Who writes: a signed-in, verified citizen, or someone giving a name and an address to verify. */
export type Author = { citizen: CitizenRow } | { name: string; email: string }

export interface PostContext {
  municipality: MunicipalityRow
  language: Language
}

const normalize = (text: string) => text.replace(/\r\n/g, '\n').trim()

async function authorOf(trx: Trx, context: PostContext, author: Author) {
  if ('citizen' in author) return { citizen: author.citizen, name: author.citizen.display_name, signedIn: true }
  const citizen = await startCitizen(trx, context.municipality, { ...author, language: context.language })
  return { citizen, name: author.name.trim(), signedIn: false }
}

export interface QuestionInput {
  topic: string
  title: string
  body: string
}

/** Check a question's fields (and the author's, when not signed in); the topic when all is well. */
export async function checkQuestion(
  db: Executor,
  municipalityId: string,
  input: QuestionInput,
  settings: BoardSettings,
): Promise<{ topic?: InquiryTopicRow; errors: FieldErrors }> {
  const topics = await listTopics(db, municipalityId)
  const topic = topics.find((t) => t.id === input.topic || t.slug === input.topic)
  const errors: FieldErrors = {
    ...(topic ? {} : { topic: { key: input.topic ? 'board.form.topic_unknown' : 'board.form.topic_required' } }),
    ...checkPostText('title', input.title, MAX_TITLE_LENGTH),
    ...checkPostText('body', input.body, settings.maxLength),
  }
  return { ...(topic ? { topic } : {}), errors }
}

export interface Posted<T> {
  post: T
  /** The author must open the link e-mailed to them before the post goes on. */
  needsVerification: boolean
}

/** Ask a question. Throws BadRequest with field errors; the post is stored nowhere public when refused. */
export async function askQuestion(
  db: Db,
  context: PostContext,
  input: QuestionInput,
  author: Author,
): Promise<Posted<BoardQuestionRow>> {
  const { municipality } = context
  const settings = await boardSettings(db, municipality.id)
  const { topic, errors } = await checkQuestion(db, municipality.id, input, settings)
  if (!topic || Object.keys(errors).length) throw BadRequest('web.error.bad_request', errors)
  const result = await db.transaction().execute(async (trx) => {
    const who = await authorOf(trx, context, author)
    const now = nowIso()
    const row: BoardQuestionRow = {
      id: newId(),
      municipality_id: municipality.id,
      citizen_id: who.citizen.id,
      author_name: who.name,
      topic_id: topic.id,
      title: normalize(input.title),
      body: normalize(input.body),
      language: context.language,
      state: 'unverified',
      moderation_item_id: null,
      inquiry_id: null,
      private_inquiry_id: null,
      answer_count: 0,
      has_official: 0,
      created_at: now,
      updated_at: now,
    }
    await store.insertQuestion(trx, row)
    await record(trx, {
      municipalityId: municipality.id,
      actor: { type: 'citizen', id: who.citizen.id },
      action: 'board.question.asked',
      subject: { type: 'board_question', id: row.id },
      summary: `Question asked on the board about ${topic.slug}`,
      documents: [{ body: `${row.title}\n\n${row.body}`, mediaType: 'text/plain; charset=utf-8' }],
    })
    if (who.signedIn)
      return { post: await submitQuestion(trx, municipality, row, who.citizen), needsVerification: false }
    await sendLink(
      trx,
      linkContext(municipality),
      who.citizen,
      'verify',
      questionPath(municipality.slug, row.id),
      context.language,
    )
    return { post: row, needsVerification: true }
  })
  await afterChange(db, municipality.id)
  return result
}

const linkContext = (municipality: MunicipalityRow) => ({ municipality, ...runtime })

async function afterChange(db: Db, municipalityId: string): Promise<void> {
  invalidateBoard(municipalityId)
  await announceModerationChange(db, municipalityId).catch(() => {})
}

/** Hand a question to moderation; when it may be shown, it is published and filed as an inquiry. */
async function submitQuestion(
  trx: Trx,
  municipality: MunicipalityRow,
  question: BoardQuestionRow,
  citizen: CitizenRow,
): Promise<BoardQuestionRow> {
  const settings = await boardSettings(trx, municipality.id)
  const result = await submitForModeration(trx, {
    municipalityId: municipality.id,
    kind: QUESTION_KIND,
    subjectId: question.id,
    text: `${question.title}\n\n${question.body}`,
    language: question.language,
    mode: settings.mode,
    author: { key: citizen.id, name: question.author_name, email: citizen.email },
    maxLength: settings.maxLength,
    path: questionPath(municipality.slug, question.id),
  })
  const updated = { ...question, moderation_item_id: result.itemId, state: result.state, updated_at: nowIso() }
  await store.updateQuestion(trx, question.id, {
    moderation_item_id: updated.moderation_item_id,
    state: updated.state,
    updated_at: updated.updated_at,
  })
  if (updated.state === 'published') return fileAsInquiry(trx, municipality, updated)
  invalidateBoard(municipality.id)
  return updated
}

/**
 * A published question joins the contact centre's queue (channel `board`), with the same routing and
 * deadline as any inquiry; no receipt mail (the board is the receipt), and a link back to the question.
 */
export async function fileAsInquiry(
  trx: Trx,
  municipality: MunicipalityRow,
  question: BoardQuestionRow,
): Promise<BoardQuestionRow> {
  invalidateBoard(municipality.id)
  if (question.inquiry_id) return question
  const citizen = await findCitizen(trx, question.citizen_id)
  if (!citizen) return question
  const t = translator(question.language)
  const { inquiry } = await receiveInquiry(
    trx as unknown as Db,
    {
      municipality,
      actor: { type: 'citizen', id: citizen.id },
      baseUrl: runtime.baseUrl,
      mailDomain: runtime.mailDomain,
      sendReceipt: false,
    },
    {
      topic: question.topic_id,
      message: [
        question.title,
        '',
        question.body,
        '',
        `${t('board.inquiry.on_board')}: ${runtime.baseUrl}${questionPath(municipality.slug, question.id)}`,
      ].join('\n'),
      name: question.author_name,
      email: citizen.email,
      language: question.language,
      channel: 'board',
    },
  )
  await store.updateQuestion(trx, question.id, { inquiry_id: inquiry.id })
  return { ...question, inquiry_id: inquiry.id }
}

export interface AnswerInput {
  body: string
  /** The answer a reply replies to (one level of replies). */
  parentId?: string | undefined
}

/** Answer or reply as a citizen. */
export async function postAnswer(
  db: Db,
  context: PostContext,
  questionId: string,
  input: AnswerInput,
  author: Author,
): Promise<Posted<BoardAnswerRow>> {
  const { municipality } = context
  const settings = await boardSettings(db, municipality.id)
  const question = await store.findQuestion(db, municipality.id, questionId)
  if (question?.state !== 'published') throw NotFound('board.question.not_found')
  const field = input.parentId ? 'reply' : 'body'
  const errors = checkPostText(field, input.body, settings.maxLength)
  if (input.parentId) {
    const parent = await store.findAnswer(db, input.parentId)
    if (!parent || parent.question_id !== question.id || parent.parent_id || parent.state !== 'published')
      errors.reply = { key: 'board.answer.parent_unknown' }
  }
  if (Object.keys(errors).length) throw BadRequest('web.error.bad_request', errors)
  const result = await db.transaction().execute(async (trx) => {
    const who = await authorOf(trx, context, author)
    const now = nowIso()
    const row: BoardAnswerRow = {
      id: newId(),
      municipality_id: municipality.id,
      question_id: question.id,
      parent_id: input.parentId ?? null,
      citizen_id: who.citizen.id,
      staff_user_id: null,
      author_name: who.name,
      official: 0,
      department_id: null,
      body: normalize(input.body),
      state: 'unverified',
      moderation_item_id: null,
      private_inquiry_id: null,
      created_at: now,
      updated_at: now,
    }
    await store.insertAnswer(trx, row)
    await record(trx, {
      municipalityId: municipality.id,
      actor: { type: 'citizen', id: who.citizen.id },
      action: row.parent_id ? 'board.reply.posted' : 'board.answer.posted',
      subject: { type: 'board_answer', id: row.id },
      summary: `${row.parent_id ? 'Reply' : 'Answer'} posted on the board to question ${question.id}`,
      documents: [{ body: row.body, mediaType: 'text/plain; charset=utf-8' }],
    })
    if (who.signedIn) return { post: await submitAnswer(trx, municipality, row, who.citizen), needsVerification: false }
    await sendLink(
      trx,
      linkContext(municipality),
      who.citizen,
      'verify',
      questionPath(municipality.slug, question.id),
      context.language,
    )
    return { post: row, needsVerification: true }
  })
  await afterChange(db, municipality.id)
  return result
}

async function submitAnswer(
  trx: Trx,
  municipality: MunicipalityRow,
  answer: BoardAnswerRow,
  citizen: CitizenRow,
): Promise<BoardAnswerRow> {
  const settings = await boardSettings(trx, municipality.id)
  const result = await submitForModeration(trx, {
    municipalityId: municipality.id,
    kind: ANSWER_KIND,
    subjectId: answer.id,
    text: answer.body,
    language: (await store.findQuestionById(trx, answer.question_id))?.language ?? municipality.default_language,
    mode: settings.mode,
    author: { key: citizen.id, name: answer.author_name, email: citizen.email },
    maxLength: settings.maxLength,
    path: `${questionPath(municipality.slug, answer.question_id)}#answer-${answer.id}`,
  })
  const now = nowIso()
  await store.updateAnswer(trx, answer.id, { moderation_item_id: result.itemId, state: result.state, updated_at: now })
  if (result.state === 'published') await store.recount(trx, answer.question_id, now)
  invalidateBoard(municipality.id)
  return { ...answer, moderation_item_id: result.itemId, state: result.state, updated_at: now }
}

/**
 * When a citizen proves their address, what they wrote while not signed in goes on to moderation. A post
 * moderation refuses for now (posting rate, a blocked author; decided before anything is written) stays
 * held for the next sign-in rather than failing the sign-in itself.
 */
onCitizenVerified(async (trx, citizen, municipality) => {
  const held = async (work: () => Promise<unknown>) => {
    try {
      await work()
    } catch (error) {
      if (!(error instanceof AppError) || (error.status !== 429 && error.status !== 403)) throw error
    }
  }
  for (const question of await store.heldQuestions(trx, citizen.id)) {
    await held(() => submitQuestion(trx, municipality, question, citizen))
  }
  for (const answer of await store.heldAnswers(trx, citizen.id)) {
    await held(() => submitAnswer(trx, municipality, answer, citizen))
  }
})

/** Follow a published question: its author-to-be-e-mailed when an official answer arrives. */
export async function followQuestion(db: Db, citizen: CitizenRow, municipalityId: string, questionId: string) {
  const question = await store.findQuestion(db, municipalityId, questionId)
  if (question?.state !== 'published') throw NotFound('board.question.not_found')
  if (question.has_official) throw Conflict('board.follow.already_answered')
  await db.transaction().execute(async (trx) => {
    await store.follow(trx, question.id, citizen.id, nowIso())
    await record(trx, {
      municipalityId,
      actor: { type: 'citizen', id: citizen.id },
      action: 'board.question.followed',
      subject: { type: 'board_question', id: question.id },
      summary: 'A citizen follows the question',
    })
  })
}

export async function unfollowQuestion(db: Db, citizen: CitizenRow, municipalityId: string, questionId: string) {
  await db.transaction().execute(async (trx) => {
    await store.unfollow(trx, questionId, citizen.id)
    await record(trx, {
      municipalityId,
      actor: { type: 'citizen', id: citizen.id },
      action: 'board.question.unfollowed',
      subject: { type: 'board_question', id: questionId },
      summary: 'A citizen no longer follows the question',
    })
  })
}

/** Following a question is a subscription: the follower's e-mails stop it with one click (`unsubscribePath`). */
export const BOARD_SUBSCRIPTION = 'board'
registerSubscriptionKind(BOARD_SUBSCRIPTION, {
  async find(db, municipality, { subjectId, citizenId }) {
    const question = await store.findQuestionById(db, subjectId)
    if (question?.municipality_id !== municipality.id) return undefined
    return { title: question.title, active: await store.isFollowing(db, subjectId, citizenId) }
  },
  stop: (db, municipality, citizen, questionId) => unfollowQuestion(db, citizen, municipality.id, questionId),
})

export const isFollowing = (db: Executor, questionId: string, citizenId: string) =>
  store.isFollowing(db, questionId, citizenId)

export interface ListQuery {
  sort?: store.ListSort | undefined
  topic?: string | undefined
  q?: string | undefined
  page?: number | undefined
  perPage?: number | undefined
}

/** Search words: lower-cased, at most eight, each at most 60 characters. */
export const searchTerms = (q: string | undefined) =>
  (q ?? '')
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 8)
    .map((t) => t.slice(0, 60))

/** One page of published questions (newest, unanswered, by topic, searched) and their topics. */
export async function listBoard(db: Executor, municipalityId: string, query: ListQuery) {
  const topics = await listTopics(db, municipalityId)
  const topic = query.topic ? topics.find((t) => t.slug === query.topic || t.id === query.topic) : undefined
  const perPage = query.perPage ?? PAGE_SIZE
  const page = Math.max(1, query.page ?? 1)
  const { rows, total } = await store.listQuestions(db, {
    municipalityId,
    sort: query.sort ?? 'newest',
    topicId: query.topic ? (topic?.id ?? '-') : undefined,
    terms: searchTerms(query.q),
    limit: perPage,
    offset: (page - 1) * perPage,
  })
  return { rows, total, page, perPage, topics, topic }
}

export interface AnswerWithReplies {
  answer: BoardAnswerRow
  replies: BoardAnswerRow[]
}

export interface QuestionThread {
  question: BoardQuestionRow
  official: AnswerWithReplies[]
  answers: AnswerWithReplies[]
}

/** A question with its published answers: official ones first, then the others with their replies. */
export async function readQuestion(
  db: Executor,
  municipalityId: string,
  id: string,
): Promise<QuestionThread | undefined> {
  const question = await store.findQuestion(db, municipalityId, id)
  if (!question) return undefined
  const all = question.state === 'published' ? await store.listPublishedAnswers(db, [question.id]) : []
  return { question, ...threadOf(all) }
}

export function threadOf(all: readonly BoardAnswerRow[]): Omit<QuestionThread, 'question'> {
  const repliesTo = new Map<string, BoardAnswerRow[]>()
  for (const a of all) {
    if (a.parent_id) repliesTo.set(a.parent_id, [...(repliesTo.get(a.parent_id) ?? []), a])
  }
  const withReplies = (answer: BoardAnswerRow) => ({ answer, replies: repliesTo.get(answer.id) ?? [] })
  return {
    official: all.filter((a) => a.official && !a.parent_id).map(withReplies),
    answers: all.filter((a) => !a.official && !a.parent_id).map(withReplies),
  }
}

export const listPublishedAnswers = store.listPublishedAnswers
export const findQuestion = store.findQuestion

/** What the citizen's own page shows: their questions, answers and followed questions, with states. */
export async function citizenActivity(db: Executor, citizenId: string) {
  const [questions, answers, followed] = await Promise.all([
    store.questionsOf(db, citizenId),
    store.answersOf(db, citizenId),
    store.followedBy(db, citizenId),
  ])
  return { questions, answers, followed }
}
