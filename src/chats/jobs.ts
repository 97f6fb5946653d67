/** Background jobs of moderated live chats with politicians; `jobs/registry.ts` gathers them. */
import type { JobHandlers } from '../jobs/service.ts'

export const chatsJobs: JobHandlers = {}
