/** Background jobs of the public Q&A board; `jobs/registry.ts` gathers them. */
import type { JobHandlers } from '../jobs/service.ts'
import { NOTIFY_JOB, notifyFollowersJob } from './official.ts'
import { DISCARD_JOB, discardJob } from './retention.ts'
import { CLOSE_PUBLIC_JOB, closePublicInquiryJob } from './sources.ts'

export const boardJobs: JobHandlers = {
  [NOTIFY_JOB]: notifyFollowersJob,
  [CLOSE_PUBLIC_JOB]: closePublicInquiryJob,
  [DISCARD_JOB]: discardJob,
}
