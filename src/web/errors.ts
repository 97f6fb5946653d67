/**
 * One errors module. Services throw AppError with a code that is also a message key, so the same
 * error reads well as problem+json for an API client and as a translated page for a citizen.
 */
import type { MessageKey, Vars } from '../i18n/index.ts'

export interface FieldError {
  key: MessageKey
  vars?: Vars
}
export type FieldErrors = Record<string, FieldError>

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: MessageKey,
    readonly fields?: FieldErrors,
    readonly vars?: Vars,
  ) {
    super(code)
  }
}

export const BadRequest = (code: MessageKey, fields?: FieldErrors) => new AppError(400, code, fields)
export const Unauthorized = (code: MessageKey = 'web.error.unauthorized') => new AppError(401, code)
export const Forbidden = (code: MessageKey = 'web.error.forbidden') => new AppError(403, code)
export const NotFound = (code: MessageKey = 'web.error.not_found') => new AppError(404, code)
export const Conflict = (code: MessageKey, fields?: FieldErrors) => new AppError(409, code, fields)
export const TooManyRequests = (code: MessageKey = 'web.error.too_many_requests', vars?: Vars) =>
  new AppError(429, code, undefined, vars)

/** What Fastify (ajv) reports for a request that fails its schema. */
export interface SchemaIssue {
  instancePath: string
  keyword: string
  params: Record<string, unknown>
}

const KEYWORD_KEYS: Record<string, MessageKey> = {
  required: 'web.validation.required',
  minLength: 'web.validation.min_length',
  maxLength: 'web.validation.max_length',
  format: 'web.validation.format',
  pattern: 'web.validation.format',
  enum: 'web.validation.enum',
  type: 'web.validation.type',
  minimum: 'web.validation.minimum',
  maximum: 'web.validation.maximum',
  additionalProperties: 'web.validation.unknown_field',
}

/** Turn schema issues into field errors keyed by field name, first issue per field. */
export function fieldErrorsFromSchema(issues: readonly SchemaIssue[]): FieldErrors {
  const fields: FieldErrors = {}
  for (const issue of issues) {
    const path = issue.instancePath.replace(/^\//, '').replaceAll('/', '.')
    const extra =
      (issue.params.missingProperty as string | undefined) ?? (issue.params.additionalProperty as string | undefined)
    const field = [path, extra].filter(Boolean).join('.') || '_'
    if (fields[field]) continue
    const limit = issue.params.limit
    fields[field] = {
      key: KEYWORD_KEYS[issue.keyword] ?? 'web.validation.invalid',
      ...(typeof limit === 'number' ? { vars: { limit } } : {}),
    }
  }
  return fields
}
