/* global document, URL, Blob, setTimeout */
// h('tag.class', { attr }, ...children): builds elements; text is always set as text, never as HTML.
export function h(spec, attrs = {}, ...children) {
  // 'tag.class1.class2#id' — the id may come anywhere after the tag.
  const [head, id] = spec.split('#');
  const [tag, ...classes] = head.split('.');
  const [idPart, ...idClasses] = (id ?? '').split('.');
  const el = document.createElement(tag || 'div');
  if (idPart) el.id = idPart;
  if (classes.length || idClasses.length) el.className = [...classes, ...idClasses].join(' ');
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2).toLowerCase(), v);
    else if (k === 'class') el.className += ` ${v}`;
    else if (k === 'value') el.value = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

const Node = globalThis.Node;

export function mount(target, ...children) {
  target.replaceChildren();
  append(target, children);
}

/** A table from column definitions { label, cell(row) → node|text, class?(row) }. */
export function table(columns, rows, opts = {}) {
  return h(
    `table.${opts.class ?? 'data'}`,
    opts.attrs ?? {},
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c.label)))),
    h(
      'tbody',
      {},
      rows.map((r, i) => h('tr', { class: opts.rowClass?.(r, i) ?? undefined, 'data-row': i }, columns.map((c) => h('td', { class: c.class, 'data-label': typeof c.label === 'string' ? c.label : undefined }, c.cell(r, i))))),
    ),
  );
}

/** A definition list of [label, value] pairs, skipping empty values. */
export function facts(pairs) {
  return h('dl.facts', {}, pairs.filter(([, v]) => v !== null && v !== undefined && v !== '').map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

export function message(kind, ...content) {
  return h(`div.msg.msg-${kind}`, { role: kind === 'error' ? 'alert' : 'status' }, ...content);
}

/** Saves text as a file through a blob link (works for authenticated fetches, unlike a plain href). */
export function download(filename, text, type = 'text/csv;charset=utf-8') {
  const url = URL.createObjectURL(text instanceof Blob ? text : new Blob([text], { type }));
  const a = h('a', { href: url, download: filename, hidden: true });
  document.body.append(a);
  a.click();
  setTimeout(() => {
    URL.revokeObjectURL(url);
    a.remove();
  }, 1000);
}

export function todayInChina() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

export function formatTime(iso) {
  if (!iso) return '';
  return new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'medium' }).format(new Date(iso));
}
