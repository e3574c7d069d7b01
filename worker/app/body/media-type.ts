/** A Content-Type (or Content-Disposition) value: its lower-cased essence and its parameters. */
export interface MediaType {
  essence: string;
  /** Parameter names lower-cased; quoted values unquoted. */
  params: Record<string, string>;
}

const PARAM = /;\s*([^=;\s]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g;

export function parseMediaType(value: string | null | undefined): MediaType | null {
  if (!value) return null;
  const semicolon = value.indexOf(';');
  const essence = (semicolon < 0 ? value : value.slice(0, semicolon)).trim().toLowerCase();
  if (!essence) return null;
  const params: Record<string, string> = {};
  if (semicolon >= 0) {
    for (const match of value.slice(semicolon).matchAll(PARAM)) {
      const quoted = match[2];
      params[match[1]!.toLowerCase()] = quoted !== undefined ? quoted.replace(/\\(.)/g, '$1') : match[3]!.trim();
    }
  }
  return { essence, params };
}
