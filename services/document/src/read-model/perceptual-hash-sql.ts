/** A 16-hex-digit difference hash as PostgreSQL `bigint` text (two's complement, so all 64 bits fit). */
export const hashToBigint = (hex: string): string => BigInt.asIntN(64, BigInt(`0x${hex}`)).toString();

/** The inverse of `hashToBigint`. */
export const bigintToHash = (value: string): string => BigInt.asUintN(64, BigInt(value)).toString(16).padStart(16, '0');
