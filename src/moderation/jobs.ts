/** Background jobs of moderation (house rules, automatic checks, moderation queue); `jobs/registry.ts` gathers them. */
import type { JobHandlers } from '../jobs/service.ts'

export const moderationJobs: JobHandlers = {}
