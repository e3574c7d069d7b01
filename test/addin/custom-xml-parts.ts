/**
 * A workbook's custom XML parts as both Excel doubles model them (ExcelApi 1.5,
 * https://learn.microsoft.com/javascript/api/excel/excel.customxmlpartcollection and
 * https://learn.microsoft.com/javascript/api/excel/excel.customxmlpart):
 *
 * - `customXmlParts.add(xml)` takes "XML content. Must be a valid XML fragment": the double refuses
 *   text that is not one element (with its namespace in `xmlns`), or that holds characters XML 1.0
 *   cannot carry (controls other than tab, line feed and carriage return, U+FFFE/U+FFFF, lone
 *   surrogates) or a raw `<` or `&` in its text;
 * - each part has an `id` given by Excel and the `namespaceUri` of its root element;
 *   `getByNamespace(uri)` lists the parts of one namespace;
 * - `getXml()` returns the part's XML, `delete()` removes it (a part deleted already is ItemNotFound);
 * - parts belong to the document: every pane (co-author) of the workbook sees the same ones.
 */
export interface CustomXmlPartModel {
  id: string;
  namespaceUri: string;
  xml: string;
}

const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const ROOT = /^\s*(?:<\?xml[^?]*\?>\s*)?<([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+\s*=\s*"[^"<]*")*)\s*(?:\/>|>([\s\S]*)<\/\1\s*>)\s*$/;
const BAD_TEXT = /<(?![A-Za-z_/!?])|&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/;

export class XmlPartError extends Error {
  constructor(
    readonly code: 'InvalidArgument' | 'ItemNotFound',
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

export class CustomXmlParts {
  readonly parts: CustomXmlPartModel[] = [];
  private nextId = 1;

  add(xml: string): CustomXmlPartModel {
    if (typeof xml !== 'string' || NOT_XML_CHAR.test(xml)) throw new XmlPartError('InvalidArgument', 'the XML holds characters XML cannot carry');
    const root = ROOT.exec(xml);
    if (!root || BAD_TEXT.test(root[3] ?? '')) throw new XmlPartError('InvalidArgument', 'the XML is not a valid XML fragment');
    const namespaceUri = /\sxmlns\s*=\s*"([^"]*)"/.exec(root[2] ?? '')?.[1] ?? '';
    const part = { id: `{${String(this.nextId++).padStart(8, '0')}-ATOZ-DOUBLE}`, namespaceUri, xml };
    this.parts.push(part);
    return part;
  }

  byNamespace(namespaceUri: string): CustomXmlPartModel[] {
    return this.parts.filter((part) => part.namespaceUri === namespaceUri);
  }

  get(id: string): CustomXmlPartModel | undefined {
    return this.parts.find((part) => part.id === id);
  }

  delete(id: string): void {
    const at = this.parts.findIndex((part) => part.id === id);
    if (at < 0) throw new XmlPartError('ItemNotFound', `no custom XML part ${id}`);
    this.parts.splice(at, 1);
  }
}
