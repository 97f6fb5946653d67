/** Background jobs of self-service: the receipt PDF after each submission, and cases whose intake must be retried. */
import { loadConfig } from '../config.ts'
import type { Db } from '../db/index.ts'
import type { JobHandler, JobHandlers } from '../jobs/service.ts'
import { findMunicipalityById } from '../municipalities/service.ts'
import * as store from './store.ts'
import { generateReceipt } from './submissions/receipt-pdf.ts'
import { CASE_JOB, openCase, RECEIPT_JOB } from './submissions/service.ts'

const receiptJob: JobHandler<{ submissionId: string }> = async ({ db, payload }) => {
  await generateReceipt(db, payload.submissionId)
}

const caseJob: JobHandler<{ submissionId: string; reason: 'application' | 'review' }> = async ({ db, payload }) => {
  const submission = await store.findSubmission(db, payload.submissionId)
  if (submission?.case_state !== 'none') return
  const municipality = await findMunicipalityById(db, submission.municipality_id)
  if (!municipality) return
  const config = loadConfig()
  // openCase queues its own retry when the intake fails again; this run is then done.
  await openCase(
    db as Db,
    { municipality, baseUrl: config.baseUrl, mailDomain: config.mailDomain },
    submission,
    payload.reason,
  )
}

export const selfserviceJobs: JobHandlers = { [RECEIPT_JOB]: receiptJob, [CASE_JOB]: caseJob }
