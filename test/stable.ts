/**
 * What two runs of one study share bit for bit: their JSON text without
 * the two provenance fields that differ from run to run (`createdAt`,
 * `runtime`) and the shard digests that hash them (inside `state`).
 */
export function stableJSON(text: string): string {
  return text
    .replace(/"createdAt":"[^"]*"/g, '"createdAt":"…"')
    .replace(/"runtime":"[^"]*"/g, '"runtime":"…"')
    .replace(/"digest":"h64:[0-9a-f]+"/g, '"digest":"…"');
}

/** A report without the provenance fields that differ from run to run (see `report/provenance.ts`). */
export function stableHTML(text: string): string {
  return text.replace(/<span class="(created-at|runtime)">[^<]*<\/span>/g, '<span class="$1"></span>');
}
