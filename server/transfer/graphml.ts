import { relationId } from '../../api/edit.js';
import type { GraphExport } from '../../api/transfer.js';

// GraphML (http://graphml.graphdrawing.org) as Gephi and yEd read it: every attribute declared
// as a <key> first, the node's name as `label` (Gephi's node label), its kind (Neo4j label) as
// `labels`, the relation's type as `type` and `label`; ids kept as Ringe's ids. A property
// whose name is one of these is written as `property.<name>`.

/** Characters XML 1.0 does not allow at all (control characters, lone surrogates, U+FFFE/U+FFFF). */
const NOT_XML =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function xmlEscape(value: string): string {
  return value
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;');
}

type AttrType = 'boolean' | 'long' | 'double' | 'string';

function typeOf(values: unknown[]): AttrType {
  if (values.every((v) => typeof v === 'boolean')) return 'boolean';
  if (values.every((v) => typeof v === 'number' && Number.isSafeInteger(v))) return 'long';
  if (values.every((v) => typeof v === 'number' && Number.isFinite(v))) return 'double';
  return 'string';
}

const text = (v: unknown) =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);

interface Key {
  id: string;
  name: string;
  type: AttrType;
}

/** The attributes of one element kind (node or edge), declared once each, in a stable order. */
function keysFor(prefix: string, fixed: string[], items: Record<string, unknown>[]): Key[] {
  const byName = new Map<string, unknown[]>();
  for (const name of fixed) byName.set(name, []);
  for (const item of items) {
    for (const [name, value] of Object.entries(item)) {
      if (value === null || value === undefined) continue;
      if (!byName.has(name)) byName.set(name, []);
      byName.get(name)!.push(value);
    }
  }
  const extra = [...byName.keys()].filter((n) => !fixed.includes(n)).sort();
  return [...fixed, ...extra].map((name, i) => ({
    id: `${prefix}${i}`,
    name,
    type: fixed.includes(name) ? 'string' : typeOf(byName.get(name)!),
  }));
}

export function formatGraphml(graph: GraphExport): string {
  const item = (fixed: Record<string, unknown>, properties: Record<string, unknown>) => ({
    ...fixed,
    ...Object.fromEntries(Object.entries(properties).map(([k, v]) => [k in fixed ? `property.${k}` : k, v])),
  });
  const nodeItems = graph.nodes.map((n) =>
    item({ label: String(n.properties.name ?? n.id), labels: n.kind }, n.properties),
  );
  const edgeItems = graph.relations.map((r) => item({ label: r.type, type: r.type }, r.properties));
  const nodeKeys = keysFor('n', ['label', 'labels'], nodeItems);
  const edgeKeys = keysFor('e', ['label', 'type'], edgeItems);

  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
    '  xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
  ];
  for (const [scope, keys] of [
    ['node', nodeKeys],
    ['edge', edgeKeys],
  ] as const) {
    for (const k of keys) {
      out.push(`  <key id="${k.id}" for="${scope}" attr.name="${xmlEscape(k.name)}" attr.type="${k.type}"/>`);
    }
  }
  out.push('  <graph id="ringe" edgedefault="directed">');
  const data = (keys: Key[], item: Record<string, unknown>, indent: string) =>
    keys
      .filter((k) => item[k.name] !== null && item[k.name] !== undefined)
      .map((k) => `${indent}<data key="${k.id}">${xmlEscape(text(item[k.name]))}</data>`);
  graph.nodes.forEach((n, i) => {
    out.push(`    <node id="${xmlEscape(n.id)}">`, ...data(nodeKeys, nodeItems[i]!, '      '), '    </node>');
  });
  graph.relations.forEach((r, i) => {
    const id = relationId(r.source, r.type, r.target);
    out.push(
      `    <edge id="${xmlEscape(id)}" source="${xmlEscape(r.source)}" target="${xmlEscape(r.target)}">`,
      ...data(edgeKeys, edgeItems[i]!, '      '),
      '    </edge>',
    );
  });
  out.push('  </graph>', '</graphml>', '');
  return out.join('\n');
}
