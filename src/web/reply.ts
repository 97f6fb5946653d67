import type { FastifyReply } from 'fastify'

/** Send a rendered page. */
export function html(reply: FastifyReply, page: JSX.Element, status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(page)
}
