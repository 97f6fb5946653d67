/** Passwords are hashed with argon2id (OWASP's first choice); parameters are the library's defaults. */
import { hash, verify } from '@node-rs/argon2'

// The library's Algorithm enum is a const enum, which isolated modules cannot import; 2 is Argon2id.
const ARGON2ID = 2

export const hashPassword = (password: string): Promise<string> => hash(password, { algorithm: ARGON2ID })

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (!passwordHash) return false
  try {
    return await verify(passwordHash, password)
  } catch {
    return false
  }
}

/** A hash to verify against when the account does not exist, so timing does not reveal which e-mails are staff. */
let decoyHash: Promise<string> | undefined
export const decoy = (): Promise<string> => {
  decoyHash ??= hashPassword('decoy password that matches nothing')
  return decoyHash
}
