/** Every job kind the server's worker runs; a feature adds its handlers here. */

import { boardJobs } from '../board/jobs.ts'
import { chatsJobs } from '../chats/jobs.ts'
import { citizensJobs } from '../citizens/jobs.ts'
import { dialogsJobs } from '../dialogs/jobs.ts'
import { IMAP_POLL_JOB, imapPollJob } from '../inquiries/email/imap-job.ts'
import { receiptJob } from '../inquiries/receipt-job.ts'
import { RECEIPT_JOB } from '../inquiries/receipt-mail.ts'
import { configuredDigestJob, scheduleDigestJob } from '../inquiries/routing/digest.ts'
import { sendMailJob } from '../mail/outbox/job.ts'
import { moderationJobs } from '../moderation/jobs.ts'
import { selfserviceJobs } from '../selfservice/jobs.ts'
import type { JobHandlers } from './service.ts'

export const JOB_HANDLERS: JobHandlers = {
  'mail.send': sendMailJob,
  [IMAP_POLL_JOB]: imapPollJob,
  [RECEIPT_JOB]: receiptJob,
  'inquiries.digest': configuredDigestJob,
  'inquiries.digest.schedule': scheduleDigestJob,
  ...moderationJobs,
  ...citizensJobs,
  ...boardJobs,
  ...selfserviceJobs,
  ...chatsJobs,
  ...dialogsJobs,
}
