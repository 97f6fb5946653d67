// Moderation queue (progressive enhancement: without this file every form still works and a reload
// shows the queue as it is). Two things:
// 1. Live updates: listens to the queue's event stream; on a change it re-fetches this page and updates
//    the queue item by item: new posts are added (and announced), posts another moderator decided are
//    removed, unless the moderator is working inside one; then it stays and says it was decided (their
//    own decision would be refused with a clear message anyway). Focus is never moved.
// 2. Keys, when focus is not in a field: j / k next / previous post, a approve, h choose the rule to
//    hide, e edit out personal data, x select for a bulk decision, r reload. The page lists them.
;(() => {
  const list = document.getElementById('moderation-items')
  const announcer = document.getElementById('moderation-announcer')
  const reload = document.getElementById('moderation-reload')
  if (!list || !announcer || !reload) return

  const items = () => Array.from(list.querySelectorAll('[data-item]'))

  function say(text) {
    if (!text) return
    announcer.textContent = ''
    window.setTimeout(() => {
      announcer.textContent = text
    }, 50)
  }

  // Live updates ---------------------------------------------------------------------------------------
  let timer = null
  let busy = false

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
      const fresh = page.getElementById('moderation-items')
      if (!fresh) return
      const active = document.activeElement
      const freshItems = new Map(Array.from(fresh.querySelectorAll('[data-item]')).map((el) => [el.id, el]))
      const oldIds = new Set(items().map((el) => el.id))
      for (const old of items()) {
        const next = freshItems.get(old.id)
        const working = old.contains(active)
        if (!next) {
          if (working) {
            if (!old.querySelector('[data-gone]')) {
              const note = document.createElement('p')
              note.className = 'form-error-message'
              note.setAttribute('data-gone', '')
              note.textContent = announcer.dataset.gone || ''
              old.prepend(note)
            }
          } else {
            old.remove()
          }
        } else if (next.dataset.revision !== old.dataset.revision && !working) {
          old.replaceWith(document.importNode(next, true))
        }
      }
      let added = 0
      for (const [id, el] of freshItems) {
        if (!oldIds.has(id)) {
          list.append(document.importNode(el, true))
          added += 1
        }
      }
      const empty = list.querySelector(':scope > p')
      if (empty && items().length > 0) empty.remove()
      const summary = page.getElementById('moderation-summary')
      const current = document.getElementById('moderation-summary')
      if (summary && current) current.replaceWith(document.importNode(summary, true))
      if (added > 0) {
        const template = added === 1 ? announcer.dataset.one : announcer.dataset.other
        say((template || '').replace('{count}', String(added)))
      }
    } catch {
      // Offline or signed out: the next event or a reload tries again.
    } finally {
      busy = false
    }
  }

  if ('EventSource' in window && window.fetch && window.DOMParser && reload.dataset.events) {
    const source = new EventSource(reload.dataset.events, { withCredentials: true })
    source.addEventListener('moderation', () => {
      window.clearTimeout(timer)
      timer = window.setTimeout(refresh, 300)
    })
  }

  // Keys -----------------------------------------------------------------------------------------------
  const typing = (el) => el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName))

  function currentItem() {
    const active = document.activeElement
    return items().find((el) => el.contains(active)) || null
  }

  function move(step) {
    const all = items()
    if (all.length === 0) return
    const at = all.indexOf(currentItem())
    const next = all[Math.min(all.length - 1, Math.max(0, at < 0 ? 0 : at + step))]
    next.focus()
    next.scrollIntoView({ block: 'start' })
  }

  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return
    const item = currentItem()
    const within = (selector) => item?.querySelector(selector)
    switch (event.key) {
      case 'j':
        move(1)
        break
      case 'k':
        move(-1)
        break
      case 'a':
        within('[data-key-approve]')?.click()
        break
      case 'h':
        within('[data-key-rule]')?.focus()
        break
      case 'e': {
        const details = within('[data-key-edit]')
        if (!details) return
        details.open = true
        details.querySelector('textarea')?.focus()
        break
      }
      case 'x':
        within('[data-key-select]')?.click()
        break
      case 'r':
        window.location.reload()
        break
      default:
        return
    }
    event.preventDefault()
  })
})()
