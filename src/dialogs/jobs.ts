/**
 * Background jobs of dialogs; `jobs/registry.ts` gathers them. The hourly sweep publishes budget results
 * once voting has closed, flags overdue feedback to departments and sends followers' digests; it
 * schedules its next run itself (publishing a dialog starts the chain; dedupe keys keep one per hour).
 */
import type { Db } from '../db/index.ts'
import type { JobHandler, JobHandlers } from '../jobs/service.ts'
import { publishDueResults } from './budget.ts'
import { sendDigests } from './digest.ts'
import { FEEDBACK_MAIL_JOB, feedbackMailJob, flagOverdue } from './feedback.ts'
import { SWEEP_JOB, type SweepPayload, scheduleSweep } from './service.ts'

/** One pass over every municipality's dialogs; safe to run again (each step is once-only). */
export async function sweep(db: Db, payload: SweepPayload, now = new Date()): Promise<void> {
  await publishDueResults(db, now)
  await flagOverdue(db, payload.baseUrl, payload.mailDomain, now)
  await sendDigests(db, payload.baseUrl, payload.mailDomain, now)
}

export const sweepJob: JobHandler<SweepPayload> = async ({ db, payload }) => {
  await sweep(db as Db, payload)
  await scheduleSweep(db, payload, new Date(Date.now() + 3_600_000))
}

export const dialogsJobs: JobHandlers = {
  [SWEEP_JOB]: sweepJob,
  [FEEDBACK_MAIL_JOB]: feedbackMailJob,
}
