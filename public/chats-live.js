// Live chat page (progressive enhancement: without this file a reload shows the same pairs in the same order).
// Appends each published question-and-answer pair from the chat's event stream in publish order, tells
// screen readers about it through the polite live region without moving focus, counts down to the start,
// and counts the characters of a question as it is typed. The browser's EventSource resumes with
// Last-Event-ID after a dropped connection, so nothing is missed.
;(() => {
  const list = document.getElementById('chat-pairs')
  const announcer = document.getElementById('chat-announcer')
  const fill = (template, vars) => template.replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? vars[name] : whole))

  function pairItem(pair) {
    const li = document.createElement('li')
    li.id = `pair-${pair.seq}`
    li.className = 'chat-pair'
    const part = (cls, heading, body) => {
      const p = document.createElement('p')
      p.className = cls
      const strong = document.createElement('strong')
      strong.textContent = heading
      const span = document.createElement('span')
      span.textContent = body
      p.append(strong, document.createElement('br'), span)
      return p
    }
    li.append(
      part('chat-question', fill(list.dataset.questionBy || '', { name: pair.asker }), pair.question),
      part('chat-answer', fill(list.dataset.answerBy || '', { name: pair.politician, party: pair.party }), pair.answer),
    )
    return li
  }

  function announce(text) {
    if (!announcer) return
    announcer.textContent = ''
    window.setTimeout(() => {
      announcer.textContent = text
    }, 50)
  }

  if (list?.dataset.events && 'EventSource' in window) {
    const source = new EventSource(list.dataset.events)
    source.addEventListener('pair', (event) => {
      let pair
      try {
        pair = JSON.parse(event.data)
      } catch {
        return
      }
      if (document.getElementById(`pair-${pair.seq}`)) return
      list.appendChild(pairItem(pair))
      const empty = document.getElementById('chat-empty')
      if (empty) empty.hidden = true
      announce(fill(list.dataset.announce || '', { name: pair.politician, party: pair.party }))
    })
  }

  // A live character count under the question, against the chat's limit.
  const form = document.querySelector('form[data-limit]')
  const question = document.getElementById('field-question')
  if (form && question) {
    const limit = Number(form.dataset.limit)
    const out = document.createElement('span')
    out.className = 'form-hint'
    const show = () => {
      out.textContent = (form.dataset.counter || '')
        .replace('{count}', String(question.value.length))
        .replace('{limit}', String(limit))
      out.classList.toggle('form-error-message', question.value.length > limit)
    }
    question.addEventListener('input', show)
    question.after(out)
    show()
  }

  // Countdown to the start, beside the start time the page already states.
  const countdown = document.querySelector('[data-countdown]')
  if (countdown && 'RelativeTimeFormat' in Intl) {
    const format = new Intl.RelativeTimeFormat(countdown.dataset.lang || document.documentElement.lang, {
      numeric: 'auto',
    })
    const tick = () => {
      const ms = new Date(countdown.dataset.countdown).getTime() - Date.now()
      if (ms <= 0) {
        countdown.textContent = ''
        return
      }
      const minutes = Math.round(ms / 60000)
      countdown.textContent =
        minutes < 120
          ? `(${format.format(minutes, 'minute')})`
          : minutes < 2880
            ? `(${format.format(Math.round(minutes / 60), 'hour')})`
            : `(${format.format(Math.round(minutes / 1440), 'day')})`
    }
    tick()
    window.setInterval(tick, 30000)
  }
})()
