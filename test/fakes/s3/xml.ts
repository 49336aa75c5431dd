// Just enough XML for the bodies the AWS SDK sends S3 (no attributes read, no CDATA, no DTD) and
// for building S3's and IAM's answers.

export interface XmlElement {
  name: string;
  children: XmlElement[];
  text: string;
}

export class XmlSyntaxError extends Error {}

/** Parses a document into its root element; namespaces prefixes are dropped from names. */
export function parseXml(source: string): XmlElement {
  let pos = 0;
  const skipProlog = () => {
    for (;;) {
      const rest = source.slice(pos).trimStart();
      pos = source.length - rest.length;
      if (rest.startsWith('<?')) pos = source.indexOf('?>', pos) + 2;
      else if (rest.startsWith('<!--')) pos = source.indexOf('-->', pos) + 3;
      else return;
      if (pos < 2) throw new XmlSyntaxError('unterminated declaration');
    }
  };
  const element = (): XmlElement => {
    const open = /^<([A-Za-z_][\w.:-]*)([^>]*?)(\/?)>/.exec(source.slice(pos));
    if (!open) throw new XmlSyntaxError(`expected an element at ${pos}`);
    pos += open[0].length;
    const name = open[1]!.replace(/^.*:/, '');
    const node: XmlElement = { name, children: [], text: '' };
    if (open[3] === '/') return node;
    for (;;) {
      const next = source.indexOf('<', pos);
      if (next < 0) throw new XmlSyntaxError(`unterminated <${name}>`);
      node.text += unescapeXml(source.slice(pos, next));
      pos = next;
      if (source.startsWith('</', pos)) {
        const close = /^<\/([\w.:-]+)\s*>/.exec(source.slice(pos));
        if (!close || close[1]!.replace(/^.*:/, '') !== name) throw new XmlSyntaxError(`mismatched end of <${name}>`);
        pos += close[0].length;
        if (node.children.length > 0) node.text = node.text.trim();
        return node;
      }
      if (source.startsWith('<!--', pos)) {
        pos = source.indexOf('-->', pos) + 3;
        continue;
      }
      node.children.push(element());
    }
  };
  skipProlog();
  return element();
}

export function child(node: XmlElement, name: string): XmlElement | undefined {
  return node.children.find((c) => c.name === name);
}

export function children(node: XmlElement, name: string): XmlElement[] {
  return node.children.filter((c) => c.name === name);
}

export function childText(node: XmlElement, name: string): string | undefined {
  return child(node, name)?.text;
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function unescapeXml(text: string): string {
  return text
    .replace(/&#x([0-9a-fA-F]+);/g, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** `<name>…</name>` from a value: strings are escaped, arrays repeat, objects nest, undefined is left out. */
export type XmlValue = string | number | boolean | undefined | XmlValue[] | { [name: string]: XmlValue };
export function toXml(name: string, value: XmlValue): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.map((v) => toXml(name, v)).join('');
  if (typeof value === 'object')
    return `<${name}>${Object.entries(value)
      .map(([k, v]) => toXml(k, v))
      .join('')}</${name}>`;
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}
