/** Address comparison for the contract's rules (§3): the address part only, case-insensitively. */

/** Lower-cased address without a `+tag` in the local part: `Kontakt+x@Raadhus.example` → `kontakt@raadhus.example`. */
export function baseAddress(address: string): string {
  const lower = address.trim().toLowerCase()
  const at = lower.lastIndexOf('@')
  if (at === -1) return lower
  const local = lower.slice(0, at)
  const plus = local.indexOf('+')
  return `${plus === -1 ? local : local.slice(0, plus)}${lower.slice(at)}`
}

export function sameAddress(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase()
}

/** True when `address` is one of `ours` or a plus-address of one. */
export function isOurAddress(address: string, ours: readonly string[]): boolean {
  const base = baseAddress(address)
  return ours.some((own) => baseAddress(own) === base)
}
