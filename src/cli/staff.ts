/** `radhus user create` and `radhus token create`: staff access without the web, e.g. the first admin. */
import { randomBytes } from 'node:crypto'
import { ROLES, type Role } from '../db/schema.ts'
import { createApiToken, createStaff, findUserByEmail, rolesIn } from '../identity/service.ts'
import { CLI_ACTOR, CliError, municipalityBySlug, say, withDatabase } from './run.ts'

export const MIN_PASSWORD_LENGTH = 12

export interface UserCreateOptions {
  municipality: string
  email: string
  role: string[]
  name?: string
  password?: string
}

function checkRoles(roles: string[]): Role[] {
  if (roles.length === 0) throw new CliError(`Give at least one --role (${ROLES.join(', ')}).`)
  const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r))
  if (unknown.length > 0) {
    throw new CliError(`"${unknown.join('", "')}" is not a role; the roles are ${ROLES.join(', ')}.`)
  }
  return [...new Set(roles)] as Role[]
}

function checkEmail(email: string): string {
  const trimmed = email.trim().toLowerCase()
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(trimmed)) throw new CliError(`"${email}" is not an e-mail address.`)
  return trimmed
}

export async function createUser(options: UserCreateOptions): Promise<void> {
  const roles = checkRoles(options.role)
  const email = checkEmail(options.email)
  if (options.password !== undefined && options.password.length < MIN_PASSWORD_LENGTH) {
    throw new CliError(`The password must be at least ${MIN_PASSWORD_LENGTH} characters long.`)
  }
  await withDatabase(async ({ db }) => {
    const municipality = await municipalityBySlug(db, options.municipality)
    // An existing account (staff elsewhere) keeps its own password: createStaff only adds the roles.
    const existing = await findUserByEmail(db, email)
    const generated = !existing && options.password === undefined ? randomBytes(18).toString('base64url') : undefined
    const password = options.password ?? generated
    const user = await createStaff(db, CLI_ACTOR, municipality.id, {
      email,
      name: options.name ?? existing?.name ?? email.split('@')[0] ?? email,
      roles,
      ...(password ? { password } : {}),
    })
    say(`${user.email} is now ${roles.join(', ')} in ${municipality.name}.`)
    if (existing) say('The account already existed; its password is unchanged.')
    if (generated) say(`Password (shown only now): ${generated}`)
  })
}

export interface TokenCreateOptions {
  municipality: string
  email: string
  name?: string
}

export async function createToken(options: TokenCreateOptions): Promise<void> {
  await withDatabase(async ({ db }) => {
    const municipality = await municipalityBySlug(db, options.municipality)
    const user = await findUserByEmail(db, options.email.trim())
    if (!user || (await rolesIn(db, municipality.id, user.id)).length === 0) {
      throw new CliError(`${options.email} has no role in ${municipality.name}, so cannot have a token there.`)
    }
    if (user.disabled_at) throw new CliError(`${user.email} is disabled, so cannot have a token.`)
    const name = options.name ?? 'Created with the radhus command'
    const token = await createApiToken(db, CLI_ACTOR, municipality.id, user.id, name)
    say(`API token "${name}" for ${user.email} in ${municipality.name}; it is shown only now:`)
    say(token.secret)
  })
}
