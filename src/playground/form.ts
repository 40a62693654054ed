/**
 * The hyperparameter form, generated from an agent's config schema (JSON Schema, as
 * `configJsonSchema` writes it): a field per key with its type, its range as the input's limits,
 * its description as a hint, filled with the tuned entry's values. The worker checks what is
 * submitted with the same schema; its message names the key, which is marked here.
 */
type Prop = { type?: string; enum?: unknown[]; minimum?: number; maximum?: number; exclusiveMinimum?: number; exclusiveMaximum?: number; items?: { type?: string }; description?: string };

export class HyperparameterForm {
  private fields = new Map<string, { input: HTMLInputElement | HTMLSelectElement; kind: 'number' | 'boolean' | 'enum' | 'list' | 'json' }>();

  constructor(private readonly root: HTMLElement) {}

  /** Builds the fields of `schema` with `values` (the tuned entry's config). */
  show(schema: Record<string, unknown> | null, values: Record<string, unknown>): void {
    this.fields.clear();
    this.root.replaceChildren();
    const props = ((schema?.properties ?? {}) as Record<string, Prop>);
    for (const [key, prop] of Object.entries(props)) {
      const label = document.createElement('label');
      label.dataset.key = key;
      label.title = prop.description ?? '';
      const value = values[key];
      let input: HTMLInputElement | HTMLSelectElement;
      let kind: 'number' | 'boolean' | 'enum' | 'list' | 'json';
      if (prop.enum) {
        const select = document.createElement('select');
        select.replaceChildren(...prop.enum.map((v) => new Option(String(v), String(v), false, v === value)));
        [input, kind] = [select, 'enum'];
      } else if (prop.type === 'boolean') {
        const box = document.createElement('input');
        box.type = 'checkbox';
        box.checked = value === true;
        [input, kind] = [box, 'boolean'];
      } else if (prop.type === 'number' || prop.type === 'integer') {
        const n = document.createElement('input');
        n.type = 'number';
        n.step = prop.type === 'integer' ? '1' : 'any';
        const lo = prop.minimum ?? prop.exclusiveMinimum;
        const hi = prop.maximum ?? prop.exclusiveMaximum;
        if (lo !== undefined && Number.isSafeInteger(lo)) n.min = String(lo);
        if (hi !== undefined && Math.abs(hi) < 1e15) n.max = String(hi);
        n.value = String(value);
        [input, kind] = [n, 'number'];
      } else if (prop.type === 'array' && (prop.items?.type === 'integer' || prop.items?.type === 'number')) {
        const t = document.createElement('input');
        t.value = Array.isArray(value) ? value.join(',') : '';
        t.placeholder = 'e.g. 64,64';
        [input, kind] = [t, 'list'];
      } else {
        const t = document.createElement('input');
        t.value = JSON.stringify(value);
        [input, kind] = [t, 'json'];
      }
      input.name = key;
      label.append(key, input);
      this.root.append(label);
      this.fields.set(key, { input, kind });
    }
  }

  /** The fields' values as an agentConfig, or the first field that does not parse. */
  read(): { config: Record<string, unknown> } | { error: string; key: string } {
    const config: Record<string, unknown> = {};
    this.mark(null);
    for (const [key, { input, kind }] of this.fields) {
      const raw = input.value.trim();
      if (kind === 'boolean') config[key] = (input as HTMLInputElement).checked;
      else if (kind === 'enum') config[key] = raw;
      else if (kind === 'number') config[key] = raw === '' ? Number.NaN : Number(raw);
      else if (kind === 'list') config[key] = raw === '' ? [] : raw.split(',').map((v) => Number(v.trim()));
      else {
        try {
          config[key] = JSON.parse(raw);
        } catch {
          this.mark(key);
          return { error: `${key} must be JSON (as written in a config file), got ${JSON.stringify(raw)}`, key };
        }
      }
    }
    return { config };
  }

  /** Marks the field a schema message names (`ppo.gamma must be …` marks gamma); null clears. */
  mark(messageOrKey: string | null): void {
    const key = messageOrKey === null ? null : (/^(?:[\w-]+\.)?(?:agentConfig\.)?(\w+)/.exec(messageOrKey)?.[1] ?? messageOrKey);
    for (const [k, { input }] of this.fields) input.classList.toggle('invalid', k === key);
  }
}
