import type { FastifyRequest } from 'fastify'
import type { MunicipalityRow } from '../db/schema.ts'
import type { Actor } from '../journal/service.ts'
import { NotFound, Unauthorized } from '../web/errors.ts'

/** The signed-in staff member as a journal actor; routes behind a policy always have one. */
export function userActor(req: FastifyRequest): Actor {
  if (!req.staff) throw Unauthorized()
  return { type: 'user', id: req.staff.userId }
}

/** The request's municipality; routes under `/:m/` (or called with an API token) always have one. */
export function municipalityOf(req: FastifyRequest): MunicipalityRow {
  if (!req.municipality) throw NotFound()
  return req.municipality
}
