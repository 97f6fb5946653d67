/**
 * CSV as RFC 4180 writes it, for the exports staff and the public open in spreadsheets. A cell with a comma,
 * a semicolon (the separator Danish and Swedish spreadsheets assume), a quote or a line break is quoted; a cell
 * starting with = + - @ (or a tab or carriage return) gets a leading apostrophe, so no spreadsheet runs it as a
 * formula (CSV injection).
 */
export type CsvValue = string | number | null | undefined

export function csvCell(value: CsvValue): string {
  let text = value === null || value === undefined ? '' : String(value)
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[",;\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/**
 * Rows of cells as CSV text with CRLF line ends. `bom` starts it with a byte-order mark, for files people open
 * in a spreadsheet program (which otherwise reads æ, ø, å, ä and ö as another encoding); open data for
 * programs goes without one.
 * @example toCsv([['id', 'title'], ['1', 'Hul i vejen, Nørrebrogade']]) // 'id,title\r\n1,"Hul i vejen, Nørrebrogade"\r\n'
 */
export function toCsv(rows: readonly (readonly CsvValue[])[], options: { bom?: boolean } = {}): string {
  const text = rows.map((row) => row.map(csvCell).join(',')).join('\r\n')
  return `${options.bom ? '\uFEFF' : ''}${text}\r\n`
}
