// Columns of text side by side (dashboard/board/__init__.py sends the data as UTF-8 JSON bytes
// and says what it holds). Every text goes in as textContent, never as HTML: names come from
// users. The DOM is rebuilt only when the data changed; a fold the reader opened stays open.

function texts(el, text) {
  String(text)
    .split("\n")
    .forEach((part, i) => {
      if (i) el.append(document.createElement("br"));
      el.append(part);
    });
}

function runs(el, rs) {
  for (const [text, tone, bold] of rs) {
    const span = document.createElement(bold ? "b" : "span");
    if (tone) span.className = `t-${tone}`;
    texts(span, text);
    el.append(span);
  }
  return el;
}

function counts(b) {
  const p = document.createElement("p");
  p.className = "counts";
  b.pairs.forEach(([label, n, tone], i) => {
    if (i) p.append(b.sep);
    const pair = document.createElement("span");
    pair.className = "pair";
    const num = document.createElement("b");
    num.className = `t-${tone}`;
    num.textContent = n;
    pair.append(`${label}\u00a0`, num);
    p.append(pair);
  });
  return p;
}

function block(b, path, opened) {
  switch (b.t) {
    case "h2":
    case "h3":
      return runs(document.createElement(b.t), b.r);
    case "small":
    case "warn": {
      const p = runs(document.createElement("p"), b.r);
      p.className = b.t;
      if (b.t === "warn") p.setAttribute("role", "note");
      return p;
    }
    case "quote": {
      const q = document.createElement("blockquote");
      q.append(runs(document.createElement("p"), b.r));
      return q;
    }
    case "counts":
      return counts(b);
    case "fold": {
      const det = document.createElement("details");
      det.dataset.path = path;
      det.open = opened.has(path);
      const sum = document.createElement("summary");
      sum.textContent = b.label;
      det.append(sum, ...b.b.map((x, i) => block(x, `${path}.${i}`, opened)));
      return det;
    }
    default:
      return runs(document.createElement("p"), b.r);
  }
}

function build(root, d) {
  const opened = new Set();
  for (const det of root.querySelectorAll("details[open]")) opened.add(det.dataset.path);
  const out = [];
  if (d.title) {
    const h = document.createElement("h3");
    h.className = "title";
    h.textContent = d.title;
    out.push(h);
  }
  const grid = document.createElement("div");
  grid.className = `grid ${d.frame}`;
  grid.style.setProperty("--n", d.columns.length);
  d.columns.forEach((col, c) => {
    const sec = document.createElement("section");
    sec.className = col.key;
    sec.append(...col.blocks.map((b, i) => block(b, `${col.key}.${i}`, opened)));
    grid.append(sec);
  });
  out.push(grid);
  root.classList.toggle("large", !!d.large); // presentation mode: type for a projector
  root.replaceChildren(...out);
}

export default function (component) {
  const { parentElement } = component;
  // the page sends the data as UTF-8 JSON bytes (so Streamlit never looks for a data frame in it)
  const text = new TextDecoder().decode(component.data);
  let root = parentElement.querySelector(".bd");
  if (!root) {
    root = document.createElement("div");
    root.className = "bd";
    parentElement.append(root);
  }
  if (root.__sig === text) return; // the same board: nothing to redraw
  root.__sig = text;
  build(root, JSON.parse(text));
}
