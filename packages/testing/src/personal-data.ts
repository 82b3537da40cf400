/**
 * A NIK or KK number standing on its own in serialized text: sixteen digits not inside a longer
 * token. A bare /\d{16}/ is not enough — a SHA-256 hex digest (blind indexes, hash chains) holds
 * sixteen decimal digits in a row about once in forty, which made such assertions flaky.
 */
export const ID_NUMBER = /(?<![A-Za-z0-9+/])\d{16}(?![A-Za-z0-9+/])/;
