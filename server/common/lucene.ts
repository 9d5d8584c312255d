/** A Lucene phrase of the text, for a full-text index's query: within quotes only a quote and a backslash need escaping. */
export const lucenePhrase = (text: string): string => `"${text.replace(/["\\]/g, '\\$&')}"`;
