// Entity mentions as highlighted spans: offsets from the API cut the clause text into segments.

/**
 * Cut `text` into segments at the mentions' [start, end) character offsets.
 * Offsets count code points (Python's str indexing), not UTF-16 units, so characters outside the
 * BMP do not shift later mentions. Mentions out of range or overlapping an earlier one are skipped.
 *   segments("设置室内消火栓。", [{start: 2, end: 7, name: "室内消火栓"}])
 *   → [{text: "设置", mention: null}, {text: "室内消火栓", mention: {...}}, {text: "。", mention: null}]
 */
export function segments(text, mentions) {
  const chars = Array.from(text || "");
  const sorted = [...(mentions || [])]
    .filter((mention) => Number.isInteger(mention.start) && Number.isInteger(mention.end))
    .filter((mention) => mention.start >= 0 && mention.end > mention.start && mention.end <= chars.length)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const result = [];
  let cursor = 0;
  for (const mention of sorted) {
    if (mention.start < cursor) continue;
    if (mention.start > cursor) result.push({ text: chars.slice(cursor, mention.start).join(""), mention: null });
    result.push({ text: chars.slice(mention.start, mention.end).join(""), mention });
    cursor = mention.end;
  }
  if (cursor < chars.length) result.push({ text: chars.slice(cursor).join(""), mention: null });
  return result;
}
