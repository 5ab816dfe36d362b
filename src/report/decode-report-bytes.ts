// The bytes of a saved report as text: UTF-8 (a byte order mark is dropped) or UTF-16; anything else is explained.
import { isUtf8 } from 'node:buffer'
import { fileError, NO_SPREADSHEET } from './report-source.js'

export interface DecodedText {
  readonly text: string
  /** How the file was encoded when it was not UTF-8, e.g. "UTF-16 (byte order mark FF FE)". */
  readonly utf16: string | undefined
}

const SIGNATURES: ReadonlyArray<readonly [readonly number[], string]> = [
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive, most likely a spreadsheet workbook (.xlsx)'],
  [[0xd0, 0xcf, 0x11, 0xe0], 'an old-style Excel workbook (.xls)'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0x1f, 0x8b], 'gzip-compressed data']
]

function startsWith(bytes: Buffer, signature: readonly number[]): boolean {
  return signature.every((b, k) => bytes[k] === b)
}

/** 'le' or 'be' for UTF-16, from its byte order mark or, without one, from the zero bytes of ASCII text. */
function utf16Order(bytes: Buffer): { order: 'le' | 'be'; bom: string } | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { order: 'le', bom: 'byte order mark FF FE' }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { order: 'be', bom: 'byte order mark FE FF' }
  const sample = bytes.subarray(0, 256)
  const pairs = Math.floor(sample.length / 2)
  let evenZeros = 0
  let oddZeros = 0
  for (let k = 0; k < pairs * 2; k++) {
    if (sample[k] === 0) {
      if (k % 2 === 0) evenZeros++
      else oddZeros++
    }
  }
  if (pairs < 2) return undefined
  if (oddZeros >= pairs * 0.8 && evenZeros === 0) return { order: 'le', bom: 'no byte order mark' }
  if (evenZeros >= pairs * 0.8 && oddZeros === 0) return { order: 'be', bom: 'no byte order mark' }
  return undefined
}

function decodeUtf16(bytes: Buffer, order: 'le' | 'be'): string {
  const even = bytes.subarray(0, bytes.length - (bytes.length % 2))
  const le = order === 'le' ? even : Buffer.from(even).swap16()
  return new TextDecoder('utf-16le').decode(le)
}

/**
 * The text of valid UTF-8 `bytes`, or undefined: what `new TextDecoder('utf-8', { fatal: true })`
 * decodes (a leading byte order mark dropped) or refuses, checked and decoded at native speed.
 */
export function strictUtf8(bytes: Buffer): string | undefined {
  if (!isUtf8(bytes)) return undefined
  const text = bytes.toString('utf8')
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}

function decodeUtf8(bytes: Buffer, shownAs: string): string {
  const text = strictUtf8(bytes)
  if (text === undefined) {
    const lenient = new TextDecoder('utf-8').decode(bytes)
    const at = lenient.indexOf('\uFFFD')
    const line = lenient.slice(0, Math.max(at, 0)).split('\n').length
    throw fileError(
      shownAs,
      `it is not UTF-8 text: line ${line} has bytes that are not valid UTF-8, as when a spreadsheet ` +
        'program saves a CSV in a legacy encoding such as Windows-1252.',
      NO_SPREADSHEET
    )
  }
  return text
}

/** Decodes the file, or throws a ReportFormatError saying what the bytes are instead. */
export function decodeReportBytes(bytes: Buffer, shownAs: string): DecodedText {
  const signature = SIGNATURES.find(([magic]) => startsWith(bytes, magic))
  if (signature) {
    throw fileError(shownAs, `it is ${signature[1]}, not a credential report, which is text.`)
  }
  const utf16 = utf16Order(bytes)
  let text: string
  if (utf16) {
    text = decodeUtf16(bytes, utf16.order)
  } else if (bytes.includes(0)) {
    throw fileError(shownAs, 'it is binary data, not the text of a credential report.')
  } else {
    text = decodeUtf8(bytes, shownAs)
  }
  if (text.trim() === '') {
    throw fileError(
      shownAs,
      `${bytes.length === 0 ? 'the file is empty (0 bytes)' : `the file holds only whitespace (${bytes.length} bytes)`}: ` +
        'the command that saved it probably failed and printed its error instead, e.g. ReportNotPresent ' +
        'when `get-credential-report` runs before the report is generated.'
    )
  }
  return { text: text.replace(/^\uFEFF/, ''), utf16: utf16 ? `UTF-16 (${utf16.bom})` : undefined }
}
