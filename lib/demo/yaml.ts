/** A value the playbook emitter can write. */
export type YamlValue =
  | string
  | number
  | boolean
  | readonly YamlValue[]
  | { readonly [key: string]: YamlValue };

const RESERVED = /^(?:true|false|yes|no|on|off|null|y|n|~)$/i;
const PLAIN = /^[A-Za-z0-9_/.][A-Za-z0-9 _/.,@+()=-]*$/;
const NUMBER_LIKE = /^[-+]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?$/i;

/**
 * Writes block-style YAML the way a person (or a model) writes an Ansible playbook:
 * two-space indentation, plain scalars where safe, double quotes otherwise (`{{ jinja }}`,
 * `key: value` text, numbers kept as strings) and `|` literals for multi-line text.
 * @example toYaml([{ name: 'Play', hosts: 'all', tasks: [] }]) // '---\n- name: Play\n  hosts: all\n  tasks: []\n'
 */
export function toYaml(document: YamlValue): string {
  return `---\n${block(document, 0).join('\n')}\n`;
}

function block(value: YamlValue, indent: number): string[] {
  const pad = ' '.repeat(indent);
  if (isScalar(value)) return scalarLines(value, indent).map((l, i) => (i === 0 ? pad + l : l));
  if (isList(value)) {
    if (value.length === 0) return [`${pad}[]`];
    return value.flatMap((item) => {
      const inner = isScalar(item) ? scalarLines(item, indent + 2) : block(item, indent + 2);
      const head = isScalar(item) ? (inner[0] as string) : (inner[0] as string).slice(indent + 2);
      return [`${pad}- ${head}`, ...inner.slice(1)];
    });
  }
  return Object.entries(value).flatMap(([key, v]) => {
    if (isScalar(v)) {
      const [head, ...rest] = scalarLines(v, indent + 2);
      return [`${pad}${key}: ${head}`, ...rest];
    }
    if (isList(v) && v.length === 0) return [`${pad}${key}: []`];
    if (!isList(v) && Object.keys(v).length === 0) return [`${pad}${key}: {}`];
    return [`${pad}${key}:`, ...block(v, indent + 2)];
  });
}

/** The first line goes after `key: ` or `- `; continuation lines carry their own indent. */
function scalarLines(value: string | number | boolean, indent: number): string[] {
  if (typeof value !== 'string') return [String(value)];
  if (value.includes('\n')) {
    const body = value.endsWith('\n') ? value.slice(0, -1) : value;
    const marker = value.endsWith('\n') ? '|' : '|-';
    return [marker, ...body.split('\n').map((l) => (l === '' ? '' : ' '.repeat(indent) + l))];
  }
  const plain =
    PLAIN.test(value) && !RESERVED.test(value) && !NUMBER_LIKE.test(value) && !value.endsWith(' ');
  return [plain ? value : JSON.stringify(value)];
}

const isScalar = (v: YamlValue): v is string | number | boolean => typeof v !== 'object';
const isList = (v: YamlValue): v is readonly YamlValue[] => Array.isArray(v);
