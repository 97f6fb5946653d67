import type { FastifyRequest } from 'fastify'
import type { Actor } from '../journal/service.ts'
import { Unauthorized } from '../web/errors.ts'

/** The signed-in staff member as a journal actor; routes behind a policy always have one. */
export function userActor(req: FastifyRequest): Actor {
  if (!req.staff) throw Unauthorized()
  return { type: 'user', id: req.staff.userId }
}
