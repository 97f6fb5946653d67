/** Small pieces the identity pages share: role checkboxes, times in the municipality's zone, notices. */
import type { Role } from '../../db/schema.ts'
import { ROLES } from '../../db/schema.ts'
import { dateTimeFormat, LOCALES } from '../../i18n/intl.ts'
import { describedBy, fieldId } from '../../web/components.tsx'
import type { ViewContext } from '../../web/context.ts'
import type { FieldErrors } from '../../web/errors.ts'
import { ROLE_LABEL_KEYS } from '../messages.ts'

/** A time as people in the municipality read it (its time zone, the page's language). */
export function formatTime(ctx: ViewContext, iso: string): string {
  return dateTimeFormat(LOCALES[ctx.lang], {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: ctx.municipality?.time_zone ?? 'UTC',
  }).format(new Date(iso))
}

export const roleNames = (ctx: ViewContext, roles: readonly Role[]): string =>
  roles.map((role) => ctx.t(ROLE_LABEL_KEYS[role])).join(', ')

/** One checkbox per role in a fieldset; the first box carries the field id the error summary links to. */
export function RoleCheckboxes({
  ctx,
  legend,
  hint,
  checked,
  errors,
}: {
  ctx: ViewContext
  legend: string
  hint: string
  checked: readonly Role[]
  errors?: FieldErrors | undefined
}): JSX.Element {
  const error = errors?.roles
  return (
    <div class={error ? 'form-group form-error' : 'form-group'}>
      <fieldset {...describedBy('roles', errors, true)}>
        <legend class="form-label" safe>
          {legend}
        </legend>
        <span class="form-hint" id={`${fieldId('roles')}-hint`} safe>
          {hint}
        </span>
        {error ? (
          <span class="form-error-message" id={`${fieldId('roles')}-error`} safe>
            {ctx.t(error.key, error.vars)}
          </span>
        ) : (
          ''
        )}
        <ul class="nobullet-list">
          {ROLES.map((role, index) => (
            <li class="form-group-checkbox">
              <input
                id={index === 0 ? fieldId('roles') : `${fieldId('roles')}-${role}`}
                type="checkbox"
                class="form-checkbox"
                name="roles"
                value={role}
                checked={checked.includes(role)}
              />
              <label class="form-label" for={index === 0 ? fieldId('roles') : `${fieldId('roles')}-${role}`} safe>
                {ctx.t(ROLE_LABEL_KEYS[role])}
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
    </div>
  )
}

/** A secret shown once in a read-only field, selected and copied by the person. */
export function SecretField({ id, label, value }: { id: string; label: string; value: string }): JSX.Element {
  return (
    <div class="form-group">
      <label class="form-label" for={id} safe>
        {label}
      </label>
      <input class="form-input input-width-xl" id={id} type="text" readonly value={value} autocomplete="off" />
    </div>
  )
}
