/** Background jobs of citizens (e-mail-verified citizens, sign-in by link); `jobs/registry.ts` gathers them. */
import type { JobHandlers } from '../jobs/service.ts'

export const citizensJobs: JobHandlers = {}
