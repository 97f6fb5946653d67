/** SQL for the daily digest: a municipality's unanswered inquiries due by a moment, with their topics. */
import type { Executor } from '../../db/index.ts'

export interface DueInquiry {
  id: string
  reference: string
  department_id: string | null
  due_at: string
  name_da: string | null
  name_sv: string | null
  name_en: string | null
}

/** Inquiries still waiting for an answer (new or open) that are due at or before `dueBy`, soonest first. */
export const listDueBy = (db: Executor, municipalityId: string, dueBy: string): Promise<DueInquiry[]> =>
  db
    .selectFrom('inquiries as i')
    .leftJoin('inquiry_topics as t', 't.id', 'i.topic_id')
    .select(['i.id', 'i.reference', 'i.department_id', 'i.due_at', 't.name_da', 't.name_sv', 't.name_en'])
    .where('i.municipality_id', '=', municipalityId)
    .where('i.status', 'in', ['new', 'open'])
    .where('i.due_at', '<=', dueBy)
    .orderBy('i.due_at')
    .orderBy('i.reference')
    .execute()
