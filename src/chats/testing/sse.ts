/** A raw Server-Sent Events client for tests, as a viewer's browser would be: `id`, `event` and `data` per frame. */
import http from 'node:http'

export interface SseClient {
  frames: { id: string; event: string; data: string }[]
  /** Resolves when `count` frames have arrived. */
  waitFor: (count: number) => Promise<void>
  close: () => void
}

/** A raw SSE client, as a viewer's browser would be: parses `id`, `event` and `data` lines. */
export function openSse(base: string, path: string, headers: Record<string, string> = {}): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const frames: SseClient['frames'] = []
    const req = http.get(`${base}${path}`, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`status ${res.statusCode}`))
      let buffer = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        buffer += chunk
        let end = buffer.indexOf('\n\n')
        while (end >= 0) {
          const block = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          const field = (name: string) =>
            block
              .split('\n')
              .find((l) => l.startsWith(`${name}: `))
              ?.slice(name.length + 2)
          if (field('data') !== undefined) {
            frames.push({ id: field('id') ?? '', event: field('event') ?? '', data: field('data') ?? '' })
          }
          end = buffer.indexOf('\n\n')
        }
      })
      resolve({
        frames,
        waitFor: async (count) => {
          for (let i = 0; i < 250 && frames.length < count; i++) await new Promise((r) => setTimeout(r, 20))
          if (frames.length < count) throw new Error(`only ${frames.length} of ${count} frames arrived`)
        },
        close: () => req.destroy(),
      })
    })
    req.on('error', () => {})
  })
}
