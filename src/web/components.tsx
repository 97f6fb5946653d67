/** DKFDS form pieces shared by every feature: error summary, labelled fields with their errors. */
import type { Children } from '@kitajs/html'
import type { Translate } from '../i18n/index.ts'
import type { FieldErrors } from './errors.ts'

export function ErrorSummary({ t, errors }: { t: Translate; errors: FieldErrors | undefined }): JSX.Element {
  const entries = Object.entries(errors ?? {})
  if (entries.length === 0) return ''
  return (
    <div
      class="alert alert-error"
      role="alert"
      aria-labelledby="error-summary-heading"
      tabindex="-1"
      data-error-summary
    >
      <div class="alert-body">
        <p class="alert-heading" id="error-summary-heading" safe>
          {t('web.error.summary')}
        </p>
        <ul class="alert-text nobullet-list">
          {entries.map(([field, error]) => (
            <li>
              <a class="function-link" href={`#field-${field}`} safe>
                {t(error.key, error.vars)}
              </a>
            </li>
          ))}
        </ul>
      </div>
    </div>
  )
}

export interface FieldProps {
  t: Translate
  name: string
  label: string
  errors?: FieldErrors | undefined
  hint?: string
  children?: Children
}

/** A form group with label, optional hint and error; the input inside gets its id from `fieldId(name)`. */
export function FormGroup({ t, name, label, errors, hint, children }: FieldProps): JSX.Element {
  const error = errors?.[name]
  return (
    <div class={error ? 'form-group form-error' : 'form-group'}>
      <label class="form-label" for={fieldId(name)} safe>
        {label}
      </label>
      {hint ? (
        <span class="form-hint" id={`${fieldId(name)}-hint`} safe>
          {hint}
        </span>
      ) : (
        ''
      )}
      {error ? (
        <span class="form-error-message" id={`${fieldId(name)}-error`} safe>
          {t(error.key, error.vars)}
        </span>
      ) : (
        ''
      )}
      {children}
    </div>
  )
}

export const fieldId = (name: string): string => `field-${name}`

/** aria attributes that tie an input to its hint and error message. */
export function describedBy(name: string, errors: FieldErrors | undefined, hasHint = false): Record<string, string> {
  const ids = [hasHint ? `${fieldId(name)}-hint` : '', errors?.[name] ? `${fieldId(name)}-error` : ''].filter(Boolean)
  return {
    ...(ids.length ? { 'aria-describedby': ids.join(' ') } : {}),
    ...(errors?.[name] ? { 'aria-invalid': 'true' } : {}),
  }
}

export interface TextInputProps {
  t: Translate
  name: string
  label: string
  value?: string | undefined
  errors?: FieldErrors | undefined
  hint?: string
  type?: 'text' | 'email' | 'password' | 'search'
  autocomplete?: string
  required?: boolean
}

export function TextInput(props: TextInputProps): JSX.Element {
  const { name, errors, hint } = props
  return (
    <FormGroup t={props.t} name={name} label={props.label} errors={errors} {...(hint ? { hint } : {})}>
      <input
        class="form-input"
        id={fieldId(name)}
        name={name}
        type={props.type ?? 'text'}
        value={props.value ?? ''}
        autocomplete={props.autocomplete}
        required={props.required}
        {...describedBy(name, errors, Boolean(hint))}
      />
    </FormGroup>
  )
}

export function TextArea(props: Omit<TextInputProps, 'type'> & { rows?: number }): JSX.Element {
  const { name, errors, hint } = props
  return (
    <FormGroup t={props.t} name={name} label={props.label} errors={errors} {...(hint ? { hint } : {})}>
      <textarea
        class="form-input"
        id={fieldId(name)}
        name={name}
        rows={String(props.rows ?? 8)}
        required={props.required}
        {...describedBy(name, errors, Boolean(hint))}
        safe
      >
        {props.value ?? ''}
      </textarea>
    </FormGroup>
  )
}

export interface SelectOption {
  value: string
  label: string
}

export interface SelectFieldProps {
  t: Translate
  name: string
  label: string
  options: readonly SelectOption[]
  value?: string | undefined
  /** The label of an empty first choice ("choose…", "any topic"); none when a value is required. */
  blank?: string
  errors?: FieldErrors | undefined
}

/** A labelled select with its error; the option whose value equals `value` is selected. */
export function SelectField(props: SelectFieldProps): JSX.Element {
  const { name, errors } = props
  return (
    <FormGroup t={props.t} name={name} label={props.label} errors={errors}>
      <select class="form-select" id={fieldId(name)} name={name} {...describedBy(name, errors)}>
        {props.blank === undefined ? (
          ''
        ) : (
          <option value="" safe>
            {props.blank}
          </option>
        )}
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === props.value} safe>
            {o.label}
          </option>
        ))}
      </select>
    </FormGroup>
  )
}

export interface DataTableProps {
  /** Read to screen-reader users; the page heading already says it to everyone else. */
  caption: string
  headers: readonly string[]
  /** The rows. */
  children?: Children
}

/** A striped table that scrolls sideways on a narrow screen, with a column header per entry of `headers`. */
export function DataTable({ caption, headers, children }: DataTableProps): JSX.Element {
  return (
    <div class="table--responsive-scroll">
      <table class="table table--zebra">
        <caption class="sr-only" safe>
          {caption}
        </caption>
        <thead>
          <tr>
            {headers.map((header) => (
              <th scope="col" safe>
                {header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  )
}

/** A success message after an action, announced politely to screen readers. */
export function SuccessNotice({ text }: { text: string }): JSX.Element {
  return (
    <div class="alert alert-success" role="status">
      <div class="alert-body">
        <p class="alert-text" safe>
          {text}
        </p>
      </div>
    </div>
  )
}

export function CsrfField({ token }: { token: string }): JSX.Element {
  return <input type="hidden" name="_csrf" value={token} />
}
