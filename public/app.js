// Progressive enhancement only: every page works without this file.
document.addEventListener('DOMContentLoaded', () => {
  if (window.DKFDS && typeof window.DKFDS.init === 'function') window.DKFDS.init()
  // Move focus to an error summary so screen-reader users hear what went wrong.
  const summary = document.querySelector('[data-error-summary]')
  if (summary) summary.focus()
})
