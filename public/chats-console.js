// Live chat consoles (progressive enhancement: without this file every action is a plain form and a
// reload shows the current queue). Refreshes the lists when the chat's stream reports a change, keeping
// any question that has focus or a half-written answer untouched, and gives the moderator keys:
// j/k next/previous, a assign, 1-9 assign to that politician, r reject, m merge, u/d/t move, g refresh.
;(() => {
  const main = document.getElementById('console-main')
  if (!main || !window.fetch || !window.DOMParser) return
  const announcer = document.getElementById('console-announcer')
  let timer = null
  let busy = false

  // Keep whatever the person is working on: the focused question, and any answer with text in it.
  const keep = (el) =>
    el.contains(document.activeElement) ||
    Array.from(el.querySelectorAll('textarea')).some((t) => t.value.trim() !== '')

  async function refresh() {
    if (busy) {
      timer = window.setTimeout(refresh, 500)
      return
    }
    busy = true
    try {
      const response = await fetch(window.location.pathname, { credentials: 'same-origin' })
      if (!response.ok) return
      const page = new DOMParser().parseFromString(await response.text(), 'text/html')
      const fresh = page.getElementById('console-main')
      if (!fresh) return
      const kept = new Map()
      for (const el of main.querySelectorAll('li[id^="q-"]')) if (keep(el)) kept.set(el.id, el)
      for (const [id, el] of kept) {
        const twin = fresh.querySelector(`#${CSS.escape(id)}`)
        if (twin && twin.dataset.version === el.dataset.version) twin.replaceWith(el)
      }
      main.replaceChildren(...Array.from(fresh.childNodes).map((n) => document.importNode(n, true)))
      for (const [id, el] of kept) {
        const placed = main.querySelector(`#${CSS.escape(id)}`)
        if (placed && placed !== el && placed.dataset.version === el.dataset.version) placed.replaceWith(el)
      }
      counters()
      if (announcer) {
        announcer.textContent = ''
        window.setTimeout(() => {
          announcer.textContent = announcer.dataset.changed || ''
        }, 50)
      }
    } catch {
      // Offline or signed out: the next event or a reload tries again.
    } finally {
      busy = false
    }
  }

  function counters() {
    for (const area of main.querySelectorAll('textarea[data-limit]')) {
      if (area.dataset.counted) continue
      area.dataset.counted = '1'
      const out = document.createElement('span')
      out.className = 'form-hint'
      out.setAttribute('aria-live', 'polite')
      const limit = Number(area.dataset.limit)
      const show = () => {
        out.textContent = (area.dataset.counter || '')
          .replace('{count}', String(area.value.length))
          .replace('{limit}', String(limit))
        out.classList.toggle('form-error-message', area.value.length > limit)
      }
      area.addEventListener('input', show)
      area.after(out)
      show()
    }
  }
  counters()

  if (main.dataset.events && 'EventSource' in window) {
    const source = new EventSource(main.dataset.events, { withCredentials: true })
    source.onmessage = null
    const schedule = () => {
      window.clearTimeout(timer)
      timer = window.setTimeout(refresh, 300)
    }
    // The kernel names events after the topic, `chat:<id>`; any event means the lists changed.
    const topic = `chat:${window.location.pathname.split('/')[4]}`
    source.addEventListener(topic, schedule)
  }

  if (main.dataset.console !== 'moderate') return
  const cards = () => Array.from(main.querySelectorAll('[data-question]'))
  const current = () => document.activeElement?.closest?.('[data-question]')
  const focusCard = (card) => card?.focus()
  if (!window.location.hash) focusCard(cards()[0])

  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return
    const target = event.target
    if (target instanceof HTMLElement && target.closest('input, textarea, select')) return
    const card = current()
    const list = cards()
    const at = card ? list.indexOf(card) : -1
    const form = (name) => card?.querySelector(`form[data-action="${name}"]`)
    const submitMove = (direction) => {
      const f = form('move')
      const button = f?.querySelector(`button[value="${direction}"]`)
      if (f && button) f.requestSubmit(button)
    }
    const key = event.key
    let handled = true
    if (key === 'j') focusCard(list[Math.min(at + 1, list.length - 1)] ?? list[0])
    else if (key === 'k') focusCard(list[Math.max(at - 1, 0)])
    else if (key === 'g') refresh()
    else if (!card) handled = false
    else if (key === 'a') form('assign')?.querySelector('select')?.focus()
    else if (/^[1-9]$/.test(key)) {
      const f = form('assign')
      const select = f?.querySelector('select')
      if (f && select && select.options.length >= Number(key)) {
        select.selectedIndex = Number(key) - 1
        f.requestSubmit()
      }
    } else if (key === 'r') form('reject')?.querySelector('select')?.focus()
    else if (key === 'm') form('merge')?.querySelector('input[name="into"]')?.focus()
    else if (key === 'u') submitMove('up')
    else if (key === 'd') submitMove('down')
    else if (key === 't') submitMove('top')
    else handled = false
    if (handled) event.preventDefault()
  })
})()
