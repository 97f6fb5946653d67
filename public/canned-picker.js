// The canned-answer picker on the inquiry page, enhanced: choosing an answer fills the answer box in
// place, keeping the rest of the page. Without this file the picker's GET form reloads the page with
// the same filled-in text, so the server stays the only place placeholders are filled.
document.addEventListener('DOMContentLoaded', () => {
  const picker = document.querySelector('form[data-canned-picker]')
  const answer = document.getElementById('field-answer')
  if (!picker || !answer || !window.fetch || !window.DOMParser) return
  const select = picker.querySelector('select[name="canned"]')

  async function fill(event) {
    if (!select?.value) return
    event.preventDefault()
    const url = new URL(picker.getAttribute('action') || window.location.pathname, window.location.href)
    url.hash = ''
    url.search = ''
    url.searchParams.set('canned', select.value)
    try {
      const response = await fetch(url, { credentials: 'same-origin', headers: { accept: 'text/html' } })
      if (!response.ok) throw new Error(String(response.status))
      const page = new DOMParser().parseFromString(await response.text(), 'text/html')
      const filled = page.getElementById('field-answer')
      if (!filled) throw new Error('no answer box')
      answer.value = filled.value
      answer.focus()
    } catch {
      // Fall back to the plain form: the page reloads with the answer filled in.
      picker.submit()
    }
  }

  // Only on the button: filling on every change would overwrite the text while a keyboard user browses the list.
  picker.addEventListener('submit', fill)
})
