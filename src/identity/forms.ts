/** Turning a refused form submission into field errors, so the form can be shown again with values kept. */
import type { FastifyRequest } from 'fastify'
import { AppError, type FieldErrors, fieldErrorsFromSchema, type SchemaIssue } from '../web/errors.ts'

/** Schema errors of a route with `attachValidation: true`, or undefined when the body was valid. */
export function schemaErrors(req: FastifyRequest): FieldErrors | undefined {
  if (!req.validationError) return undefined
  return fieldErrorsFromSchema((req.validationError as { validation?: SchemaIssue[] }).validation ?? [])
}

/**
 * The field errors (and status) of a refusal caused by what the person entered (400, 409); anything else is rethrown
 * for the error handler. A refusal without fields is shown against `field`.
 */
export function formErrors(error: unknown, field = '_'): { errors: FieldErrors; status: number } {
  if (!(error instanceof AppError) || (error.status !== 400 && error.status !== 409)) throw error
  const errors = error.fields ?? { [field]: { key: error.code, ...(error.vars ? { vars: error.vars } : {}) } }
  return { errors, status: error.status }
}
