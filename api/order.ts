/**
 * Orders two strings by UTF-16 code unit: JavaScript's `<`, and the order of Cypher's ORDER BY
 * (Java's String.compareTo), so a list sorted here sorts as the database sorts it (test/order.test.ts).
 * It differs from code point order only between characters past U+FFFF and U+E000 to U+FFFF.
 * Not for what people read in order: that is Danish alphabetical order (server/common/labels.ts).
 */
export const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
