/** Builds small raw messages for tests: header lines and a body, joined with CRLF, bytes as given. */
export function eml(headers: string[], body: string | Buffer = 'Hej\r\n'): Buffer {
  const head = Buffer.from(`${headers.join('\r\n')}\r\n\r\n`, 'latin1')
  return Buffer.concat([head, typeof body === 'string' ? Buffer.from(body, 'latin1') : body])
}

export const OURS = ['kontakt@raadhus.example']
export const SECRET = 'raadhus-test-reply-secret'
