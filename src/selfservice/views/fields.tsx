/**
 * One form field of a definition, rendered with DKFDS markup by its type: label, help text, error,
 * the value kept. Native constraints (required, maxlength, type) let the browser catch mistakes at
 * once; the server checks everything again on every step.
 */

import { ACCEPT_ATTRIBUTE } from '../../inquiries/service.ts'
import { describedBy, FormGroup, fieldId } from '../../web/components.tsx'
import type { ViewContext } from '../../web/context.ts'
import type { FieldErrors } from '../../web/errors.ts'
import { formatSize } from '../format.ts'
import type { Field } from '../forms/definition.ts'
import type { DraftFile } from '../forms/drafts.ts'

export interface FieldProps {
  ctx: ViewContext
  field: Field
  value: string | boolean | undefined
  errors: FieldErrors | undefined
  files: DraftFile[]
}

const INPUT_TYPES: Partial<Record<Field['type'], string>> = { email: 'email', tel: 'tel', date: 'date' }

function ErrorText({ ctx, field, errors }: Omit<FieldProps, 'value' | 'files'>) {
  const error = errors?.[field.id]
  return error ? (
    <span class="form-error-message" id={`${fieldId(field.id)}-error`} safe>
      {ctx.t(error.key, error.vars)}
    </span>
  ) : (
    ''
  )
}

function Hint({ ctx, field }: { ctx: ViewContext; field: Field }) {
  return field.help ? (
    <span class="form-hint" id={`${fieldId(field.id)}-hint`} safe>
      {field.help[ctx.lang]}
    </span>
  ) : (
    ''
  )
}

export function FormField({ ctx, field, value, errors, files }: FieldProps): JSX.Element {
  const { lang } = ctx
  const label = field.label[lang]
  const text = typeof value === 'string' ? value : ''
  const aria = describedBy(field.id, errors, Boolean(field.help))
  const hint = field.help ? { hint: field.help[lang] } : {}
  switch (field.type) {
    case 'textarea':
      return (
        <FormGroup t={ctx.t} name={field.id} label={label} errors={errors} {...hint}>
          <textarea
            class="form-input"
            id={fieldId(field.id)}
            name={field.id}
            rows="6"
            required={field.required}
            maxlength={String(field.maxLength ?? 5000)}
            {...aria}
            safe
          >
            {text}
          </textarea>
        </FormGroup>
      )
    case 'select':
      return (
        <FormGroup t={ctx.t} name={field.id} label={label} errors={errors} {...hint}>
          <select class="form-select" id={fieldId(field.id)} name={field.id} required={field.required} {...aria}>
            <option value="" safe>
              {ctx.t('selfservice.form.choose')}
            </option>
            {(field.options ?? []).map((o) => (
              <option value={o.value} selected={o.value === text} safe>
                {o.label[lang]}
              </option>
            ))}
          </select>
        </FormGroup>
      )
    case 'radio':
      return (
        <div class={errors?.[field.id] ? 'form-group form-error' : 'form-group'}>
          <fieldset id={fieldId(field.id)} {...aria}>
            <legend class="form-label" safe>
              {label}
            </legend>
            <Hint ctx={ctx} field={field} />
            <ErrorText ctx={ctx} field={field} errors={errors} />
            <ul class="nobullet-list">
              {(field.options ?? []).map((o, i) => (
                <li class="form-group-radio">
                  <input
                    class="form-radio"
                    type="radio"
                    id={`${fieldId(field.id)}-${i}`}
                    name={field.id}
                    value={o.value}
                    checked={o.value === text}
                    required={field.required}
                  />
                  <label class="form-label" for={`${fieldId(field.id)}-${i}`} safe>
                    {o.label[lang]}
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
        </div>
      )
    case 'checkbox':
      return (
        <div class={errors?.[field.id] ? 'form-group form-error' : 'form-group'}>
          <ErrorText ctx={ctx} field={field} errors={errors} />
          <div class="form-group-checkbox">
            <input
              class="form-checkbox"
              type="checkbox"
              id={fieldId(field.id)}
              name={field.id}
              value="yes"
              checked={value === true}
              {...aria}
            />
            <label class="form-label" for={fieldId(field.id)} safe>
              {label}
            </label>
          </div>
          <Hint ctx={ctx} field={field} />
        </div>
      )
    case 'attachments':
      return <AttachmentsField ctx={ctx} field={field} errors={errors} files={files} />
    default:
      return (
        <FormGroup t={ctx.t} name={field.id} label={label} errors={errors} {...hint}>
          <input
            class="form-input"
            id={fieldId(field.id)}
            name={field.id}
            type={INPUT_TYPES[field.type] ?? 'text'}
            inputmode={field.type === 'number' || field.type === 'postcode' ? 'numeric' : undefined}
            autocomplete={
              field.id === 'name' ? 'name' : field.type === 'email' ? 'email' : field.type === 'tel' ? 'tel' : undefined
            }
            value={text}
            required={field.required}
            maxlength={field.type === 'date' ? undefined : String(field.maxLength ?? 200)}
            {...aria}
          />
        </FormGroup>
      )
  }
}

/** Files already accepted stay with the draft, listed with a way to remove each; new ones are added. */
function AttachmentsField({ ctx, field, errors, files }: Omit<FieldProps, 'value'>) {
  const own = files.filter((f) => f.field === field.id)
  const id = fieldId(field.id)
  return (
    <div class={errors?.[field.id] ? 'form-group form-error' : 'form-group'}>
      <label class="form-label" for={id} safe>
        {field.label[ctx.lang]}
      </label>
      <Hint ctx={ctx} field={field} />
      <ErrorText ctx={ctx} field={field} errors={errors} />
      {own.length ? (
        <fieldset class="kept-files">
          <legend safe>{ctx.t('selfservice.form.kept_files')}</legend>
          <ul class="nobullet-list">
            {own.map((f) => (
              <li class="form-group-checkbox">
                <input class="form-checkbox" type="checkbox" id={`remove-${f.id}`} name="_remove" value={f.id} />
                <label class="form-label" for={`remove-${f.id}`} safe>
                  {ctx.t('selfservice.form.remove_file', { file: `${f.fileName} (${formatSize(f.size, ctx.lang)})` })}
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
      ) : (
        ''
      )}
      <input
        class="form-file-input"
        type="file"
        id={id}
        name={field.id}
        multiple={(field.maxFiles ?? 5) > 1}
        accept={ACCEPT_ATTRIBUTE}
        {...describedBy(field.id, errors, Boolean(field.help))}
      />
    </div>
  )
}
