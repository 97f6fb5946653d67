// Live inbox (progressive enhancement: without this file the list is current on every reload).
// Listens to the inbox's event stream; when inquiries arrive or change, re-fetches this same page (same
// filters, same page number) and swaps the parts marked data-live-swap. New arrivals are announced in the
// polite live region; focus is never moved (a focused link is focused again after the swap).
;(() => {
  const results = document.getElementById('inbox-results')
  const announcer = document.getElementById('inbox-announcer')
  if (!results || !announcer || !('EventSource' in window) || !window.fetch || !window.DOMParser) return

  let pendingNew = 0
  let timer = null
  let busy = false

  function announce(count) {
    const template = count === 1 ? announcer.dataset.one : announcer.dataset.other
    if (!template) return
    // Clear first so the same words are announced again.
    announcer.textContent = ''
    window.setTimeout(() => {
      announcer.textContent = template.replace('{count}', String(count))
    }, 50)
  }

  function focusKey(element) {
    if (!element || element === document.body) return null
    if (element.id) return { id: element.id }
    const href = element.getAttribute?.('href')
    return href ? { href } : null
  }

  function refocus(key) {
    if (!key) return
    const target = key.id
      ? document.getElementById(key.id)
      : Array.from(document.querySelectorAll('[data-live-swap] a[href]')).find(
          (a) => a.getAttribute('href') === key.href,
        )
    if (target && typeof target.focus === 'function') target.focus({ preventScroll: true })
  }

  async function refresh() {
    if (busy) {
      timer = window.setTimeout(refresh, 500)
      return
    }
    busy = true
    const arrived = pendingNew
    pendingNew = 0
    try {
      const response = await fetch(window.location.href, { credentials: 'same-origin' })
      if (!response.ok) return
      const page = new DOMParser().parseFromString(await response.text(), 'text/html')
      const active = document.activeElement
      const swapped = Array.from(document.querySelectorAll('[data-live-swap]'))
      const key = swapped.some((el) => el.contains(active)) ? focusKey(active) : null
      for (const old of swapped) {
        const fresh = old.id ? page.getElementById(old.id) : null
        if (fresh) old.replaceWith(document.importNode(fresh, true))
      }
      refocus(key)
      if (arrived > 0) announce(arrived)
    } catch {
      // Offline or signed out: the next event or a reload tries again.
    } finally {
      busy = false
    }
  }

  const source = new EventSource(results.dataset.events, { withCredentials: true })
  source.addEventListener('inquiries', (event) => {
    try {
      const data = JSON.parse(event.data || '{}')
      if (data.kind === 'received') pendingNew += 1
    } catch {
      // An event without data still means something changed.
    }
    // Several changes in a burst become one refresh.
    window.clearTimeout(timer)
    timer = window.setTimeout(refresh, 300)
  })
})()
