/**
 * Answer deadlines in business days: the topic's own deadline wins, then the deadline of the department
 * whose queue the inquiry lands in, then the default. Admins set both on one page; each change is journaled.
 */
import type { Db, Executor } from '../../db/index.ts'
import { nowIso } from '../../db/index.ts'
import type { DepartmentRow, InquiryTopicRow } from '../../db/schema.ts'
import { type Actor, record } from '../../journal/service.ts'
import { listDepartments } from '../../municipalities/service.ts'
import { BadRequest, type FieldErrors } from '../../web/errors.ts'
import * as inquiries from '../store.ts'
import * as store from './store.ts'

/** Business days to answer when neither the topic nor the department sets a deadline. */
export const DEFAULT_ANSWER_DAYS = 10
/** A deadline longer than a year is a typing mistake. */
export const MAX_ANSWER_DAYS = 250

/**
 * Business days to answer an inquiry about `topic` in `departmentId`'s queue (null: the contact centre).
 * @example await answerDaysFor(trx, topic, route.departmentId) // 5
 */
export async function answerDaysFor(
  db: Executor,
  topic: Pick<InquiryTopicRow, 'answer_days'>,
  departmentId: string | null,
): Promise<number> {
  if (topic.answer_days !== null) return topic.answer_days
  return (departmentId ? await store.departmentAnswerDays(db, departmentId) : null) ?? DEFAULT_ANSWER_DAYS
}

export interface Deadlines {
  topics: { topic: InquiryTopicRow; days: number | null }[]
  departments: { department: DepartmentRow; days: number | null }[]
}

export async function listDeadlines(db: Executor, municipalityId: string): Promise<Deadlines> {
  const [topics, departments, deadlines] = await Promise.all([
    inquiries.listTopics(db, municipalityId),
    listDepartments(db, municipalityId),
    store.listDepartmentDeadlines(db, municipalityId),
  ])
  const byDepartment = new Map(deadlines.map((d) => [d.department_id, d.answer_days]))
  return {
    topics: topics.map((topic) => ({ topic, days: topic.answer_days })),
    departments: departments.map((department) => ({ department, days: byDepartment.get(department.id) ?? null })),
  }
}

/** The form's values: `topic-<id>` and `department-<id>`, each a number of days or '' for none. */
export type DeadlineInput = Record<string, string>

function parseDays(value: string | undefined): number | null | 'invalid' {
  const text = (value ?? '').trim()
  if (text === '') return null
  if (!/^\d{1,3}$/.test(text)) return 'invalid'
  const days = Number(text)
  return days >= 1 && days <= MAX_ANSWER_DAYS ? days : 'invalid'
}

/**
 * Save every deadline on the form; only those that change are written and journaled, all in one
 * transaction. Throws BadRequest naming each field that is not a whole number from 1 to 250.
 */
export async function saveDeadlines(db: Db, actor: Actor, municipalityId: string, input: DeadlineInput) {
  const current = await listDeadlines(db, municipalityId)
  const errors: FieldErrors = {}
  const changes: { kind: 'topic' | 'department'; id: string; slug: string; days: number | null }[] = []
  const consider = (kind: 'topic' | 'department', id: string, slug: string, before: number | null) => {
    const field = `${kind}-${id}`
    if (!(field in input)) return
    const days = parseDays(input[field])
    if (days === 'invalid') errors[field] = { key: 'routing.deadlines.invalid', vars: { max: MAX_ANSWER_DAYS } }
    else if (days !== before) changes.push({ kind, id, slug, days })
  }
  for (const { topic, days } of current.topics) consider('topic', topic.id, topic.slug, days)
  for (const { department, days } of current.departments) consider('department', department.id, department.slug, days)
  if (Object.keys(errors).length) throw BadRequest('web.error.bad_request', errors)
  await db.transaction().execute(async (trx) => {
    const at = nowIso()
    for (const change of changes) {
      if (change.kind === 'topic') await store.setTopicDeadline(trx, change.id, change.days)
      else await store.setDepartmentDeadline(trx, municipalityId, change.id, change.days, at)
      await record(trx, {
        municipalityId,
        actor,
        action: 'inquiry.deadline.changed',
        subject: { type: change.kind === 'topic' ? 'inquiry_topic' : 'department', id: change.id },
        summary: `Answer deadline of ${change.kind} ${change.slug} set to ${change.days ?? 'the default'}${change.days ? ' business days' : ''}`,
      })
    }
  })
  return changes.length
}
