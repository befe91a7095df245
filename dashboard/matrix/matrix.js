// The criteria matrix (dashboard/matrix/__init__.py sends the data as UTF-8 JSON bytes). Every text
// goes in as textContent, never as HTML: names come from users. A click, Enter or Space on a cell
// sends {cid, j} back ("cell" trigger); the arrow keys move between cells (one tab stop, ARIA
// grid).
//
// A phone shows the same data as one list per jurisdiction instead; matrix.css hides the one
// and shows the other (its @media rule holds the page's breakpoint, from dashboard/style.py).
// The lists are built only while they are shown (a desktop never pays for them), again when
// the data changes, and when the window turns narrow. They are read-only.

const listsShown = (lists) => getComputedStyle(lists).display !== "none";

// One <details> per jurisdiction: "name · verdict", then each criterion it asks (status not
// ""), in the table's row order: "mark name" in bold, its value against the threshold below.
function buildLists(d, closed) {
  const out = [];
  d.codes.forEach((code, c) => {
    const det = document.createElement("details");
    det.dataset.j = code;
    det.open = !closed.has(code); // a list the reader folded stays folded
    const sum = document.createElement("summary");
    sum.textContent = `${d.columns[c + 2]} · ${d.verdicts[c]}`;
    const ul = document.createElement("ul");
    d.statuses.forEach((row, r) => {
      const status = row[c + 2];
      if (!status) return; // this jurisdiction does not ask it
      const li = document.createElement("li");
      li.style.cssText = d.styles[status] || "";
      const b = document.createElement("b");
      b.textContent = `${d.marks[status]} ${d.cells[r][1]}`;
      li.append(b, document.createElement("br"), d.texts[r][c]);
      ul.appendChild(li);
    });
    det.append(sum, ul);
    out.push(det);
  });
  return out;
}

function drawLists(lists, d, sig) {
  if (lists.__sig === sig) return;
  const closed = new Set();
  for (const det of lists.querySelectorAll("details")) if (!det.open) closed.add(det.dataset.j);
  lists.__sig = sig;
  lists.replaceChildren(...buildLists(d, closed));
}

function build(box, d) {
  const [dimW, critW, cellW] = d.widths;
  const widths = [dimW, critW, ...d.codes.map(() => cellW)];
  const table = document.createElement("table");
  table.setAttribute("role", "grid");
  table.setAttribute("aria-label", d.label);
  table.style.width = widths.reduce((a, b) => a + b, 0) + "px";
  const colgroup = document.createElement("colgroup");
  for (const w of widths) {
    const col = document.createElement("col");
    col.style.width = w + "px";
    colgroup.appendChild(col);
  }
  table.appendChild(colgroup);
  const head = document.createElement("thead");
  const hr = document.createElement("tr");
  d.columns.forEach((name, i) => {
    const th = document.createElement("th");
    th.textContent = name;
    th.setAttribute("scope", "col");
    if (i < 2) pin(th, i, dimW);
    hr.appendChild(th);
  });
  head.appendChild(hr);
  table.appendChild(head);
  const body = document.createElement("tbody");
  let first = null;
  d.cells.forEach((row, r) => {
    const tr = document.createElement("tr");
    const dim = row[0];
    if (r > 0 && dim !== d.cells[r - 1][0]) tr.className = "group";
    row.forEach((text, i) => {
      const td = document.createElement(i === 1 ? "th" : "td");
      td.style.cssText = d.styles[d.statuses[r][i]] || "";
      if (i === 0) {
        td.className = "dim";
        // the dimension is written once per group; the screen reader hears it on every row
        if (r > 0 && dim === d.cells[r - 1][0]) td.setAttribute("aria-label", dim);
        else td.textContent = dim;
      } else {
        td.textContent = text;
      }
      if (i < 2) pin(td, i, dimW);
      if (i === 1) td.setAttribute("scope", "row");
      if (i >= 2) {
        td.classList.add("cell");
        td.dataset.row = r;
        td.dataset.col = i - 2;
        td.setAttribute("role", "gridcell");
        td.tabIndex = -1;
        if (isPicked(d, r, i - 2)) {
          td.classList.add("picked");
          td.setAttribute("aria-selected", "true");
          first = td;
        }
        if (first === null && r === 0 && i === 2) first = td;
      }
      tr.appendChild(td);
    });
    body.appendChild(tr);
  });
  table.appendChild(body);
  if (first) first.tabIndex = 0;
  return table;
}

function pin(el, i, dimW) {
  el.classList.add("pin");
  el.style.left = i === 0 ? "0px" : dimW + "px";
}

function cellAt(box, r, c) {
  return box.querySelector(`td.cell[data-row="${r}"][data-col="${c}"]`);
}

// One tab stop: the cell last focused (by a click, a key or a script) and no other.
function tabStop(box, td) {
  for (const other of box.querySelectorAll('td.cell[tabindex="0"]')) other.tabIndex = -1;
  td.tabIndex = 0;
}

function move(box, to) {
  if (!to) return;
  tabStop(box, to);
  to.focus();
}

// The same rows and columns as drawn: change only the cells whose words, colour or pick
// changed (a moved figure changes one or two), so the browser lays out little again.
function sameShape(a, b) {
  return (
    a !== undefined &&
    JSON.stringify([a.columns, a.codes, a.ids, a.widths, a.label, a.large]) ===
      JSON.stringify([b.columns, b.codes, b.ids, b.widths, b.label, b.large])
  );
}

function patch(box, old, d) {
  d.cells.forEach((row, r) => {
    for (let c = 0; c < d.codes.length; c++) {
      const i = c + 2;
      const style = d.styles[d.statuses[r][i]] || "";
      const wasPicked = isPicked(old, r, c), nowPicked = isPicked(d, r, c);
      if (
        row[i] === old.cells[r][i] &&
        style === (old.styles[old.statuses[r][i]] || "") &&
        wasPicked === nowPicked
      )
        continue;
      const td = cellAt(box, r, c);
      td.textContent = row[i];
      td.style.cssText = style;
      td.classList.toggle("picked", nowPicked);
      if (nowPicked) td.setAttribute("aria-selected", "true");
      else td.removeAttribute("aria-selected");
    }
  });
}

function isPicked(d, r, c) {
  return !!d.picked && d.picked.cid === d.ids[r] && d.picked.j === d.codes[c];
}

export default function (component) {
  const { parentElement, setTriggerValue } = component;
  // the page sends the data as UTF-8 JSON bytes (so Streamlit never looks for a data frame in it)
  const text = new TextDecoder().decode(component.data);
  const data = JSON.parse(text);
  let box = parentElement.querySelector(".mx-box");
  let lists = parentElement.querySelector(".mx-lists");
  if (!box) {
    box = document.createElement("div");
    box.className = "mx-box";
    lists = document.createElement("div");
    lists.className = "mx-lists";
    lists.setAttribute("role", "region");
    lists.setAttribute("aria-label", data.label);
    parentElement.append(box, lists);
    const turned = () => {
      if (!lists.isConnected) window.removeEventListener("resize", turned); // the matrix is gone
      else if (listsShown(lists)) drawLists(lists, box.__data, box.__sig);
    };
    window.addEventListener("resize", turned);
    const send = (td) => {
      const d = box.__data;
      box.__send("cell", { cid: d.ids[+td.dataset.row], j: d.codes[+td.dataset.col] });
    };
    box.addEventListener("click", (e) => {
      const td = e.target.closest("td.cell");
      if (td) send(td);
    });
    box.addEventListener("focusin", (e) => {
      const td = e.target.closest("td.cell");
      if (td) tabStop(box, td);
    });
    box.addEventListener("keydown", (e) => {
      const td = e.target.closest("td.cell");
      if (!td) return;
      const r = +td.dataset.row, c = +td.dataset.col;
      const steps = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
      if (e.key === "Enter" || e.key === " ") {
        e.preventDefault();
        send(td);
      } else if (steps[e.key]) {
        e.preventDefault();
        move(box, cellAt(box, r + steps[e.key][0], c + steps[e.key][1]));
      } else if (e.key === "Home" || e.key === "End") {
        e.preventDefault();
        move(box, cellAt(box, r, e.key === "Home" ? 0 : box.__data.codes.length - 1));
      }
    });
  }
  box.__send = setTriggerValue;
  const sig = text;
  if (box.__sig === sig) return; // the same matrix: nothing to redraw
  const old = box.__data;
  box.__sig = sig;
  box.__data = data;
  box.style.maxHeight = data.maxHeight + "px";
  box.classList.toggle("large", !!data.large); // presentation mode: type for a projector
  if (listsShown(lists)) drawLists(lists, data, sig);
  if (sameShape(old, data)) {
    patch(box, old, data);
    return;
  }
  const focused = parentElement.activeElement || document.activeElement;
  const at = focused && focused.closest && box.contains(focused) ? focused.dataset : null;
  box.replaceChildren(build(box, data));
  if (at) {
    const again = cellAt(box, at.row, at.col);
    move(box, again);
  }
}
