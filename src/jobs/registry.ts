/** Every job kind the server's worker runs; a feature adds its handlers here. */

import { IMAP_POLL_JOB, imapPollJob } from '../inquiries/email/imap-job.ts'
import { configuredDigestJob, scheduleDigestJob } from '../inquiries/routing/digest.ts'
import { sendMailJob } from '../mail/outbox/job.ts'
import type { JobHandlers } from './service.ts'

export const JOB_HANDLERS: JobHandlers = {
  'mail.send': sendMailJob,
  [IMAP_POLL_JOB]: imapPollJob,
  'inquiries.digest': configuredDigestJob,
  'inquiries.digest.schedule': scheduleDigestJob,
}
