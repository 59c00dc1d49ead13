// The data-entry page's code (pcrlang/backends/js/form.mjs, copied verbatim into every page that
// `pcr form` writes, after the rule's calculator and FORM). It builds the fields from FORM, reads
// them into the calculator's inputs exactly as a JSON file would give them (a field's text is read
// as a JSON number, so 0.1 is one tenth and a long integer keeps its digits; anything else goes
// to the calculator as text, which refuses it), computes on every change and shows the total, the
// breakdowns, the cut-off and data-quality reports, or the refusal with its clause. No network,
// no storage; the DOM is built with createElement and textContent only. A URL fragment
// #inputs=<JSON> fills the fields (a link to a filled form). A date is the browser's date field
// (its value is YYYY-MM-DD, or empty until the date is whole); an optional table of rows starts
// with no rows and, left without rows, is left out.

function startForm(FORM) {
  const W = FORM.words;
  let lang = FORM.lang;
  let last = { inputs: null, result: null, error: null };

  // ---- small DOM helpers -------------------------------------------------------------------------
  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attributes || {})) {
      if (v === true) node.setAttribute(k, "");
      else if (v !== false && v !== null && v !== undefined) node.setAttribute(k, String(v));
    }
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      node.append(typeof child === "string" || typeof child === "number" ? String(child) : child);
    }
    return node;
  }
  const both = (t) => [el("span", { lang: "zh" }, t.zh), el("span", { lang: "en" }, t.en)];
  const word = (k) => both(W[k]);
  const said = (t) => t[lang];
  const fieldId = (path) => "in-" + path.replace(/[^A-Za-z0-9_-]/g, (c) => "_" + c.charCodeAt(0).toString(16));

  function readNumber(text) {
    // a field's text as the JSON number it spells; anything else stays text (the calculator refuses it)
    const trimmed = text.trim();
    if (trimmed === "") return undefined;
    try {
      const value = runtime.readJson(trimmed);
      if (typeof value === "number" || typeof value === "bigint") return value;
    } catch (error) {
      if (!(error instanceof CalculationError)) throw error;
    }
    return text;
  }

  function numberText(value) {
    return value === undefined || value === null ? "" : typeof value === "object" ? JSON.stringify(value) : String(value);
  }

  // ---- one value: a number box, a key select or a text box ------------------------------------------
  function valueControl(spec, path) {
    if (spec.kind === "key") {
      const select = el("select", { id: fieldId(path), "data-path": path });
      const first = spec.default !== null
        ? { zh: W.default.zh + "：" + keyText(spec, spec.default).zh, en: W.default.en + ": " + keyText(spec, spec.default).en }
        : W.choose;
      select.append(option("", first));
      for (const [k, t] of spec.keys) select.append(option(k, t));
      return { node: select, read: () => (select.value === "" ? undefined : select.value),
        fill: (v) => { select.value = v === undefined ? "" : String(v); } };
    }
    if (spec.kind === "date") {
      const picker = el("input", { type: "date", id: fieldId(path), "data-path": path, min: "0001-01-01", max: "9999-12-31" });
      return { node: picker, read: () => (picker.value === "" ? undefined : picker.value),
        fill: (v) => { picker.value = typeof v === "string" ? v : ""; } };
    }
    const box = el("input", { type: "text", id: fieldId(path), "data-path": path, spellcheck: "false",
      inputmode: spec.kind === "number" ? "decimal" : null,
      placeholder: spec.default !== null && spec.kind !== "text" ? numberText(spec.default) : null });
    if (spec.kind === "text") {
      return { node: box, read: () => (box.value === "" ? undefined : box.value), fill: (v) => { box.value = v === undefined ? "" : String(v); } };
    }
    return { node: box, read: () => readNumber(box.value), fill: (v) => { box.value = numberText(v); } };
  }

  function keyText(spec, key) {
    const found = spec.keys.find(([k]) => k === key);
    return found ? found[1] : { zh: key, en: key };
  }

  function option(value, text) {
    const node = el("option", { value }, text[lang]);
    node.dataset.zh = text.zh;
    node.dataset.en = text.en;
    return node;
  }

  function cutOffBox(path, short) {
    const box = el("input", { type: "checkbox", "data-cut": path });
    return { box, node: el("label", { class: "cut" }, box, " ", word(short ? "cut_short" : "cut_off")) };
  }

  function qualityBoxes(path) {
    if (FORM.quality === null) return null;
    const boxes = FORM.quality.criteria.map((c) => [c, el("input", { type: "text", inputmode: "decimal", "data-quality": c,
      "aria-label": c })]);
    const node = el("details", { class: "quality" }, el("summary", {}, word("quality"), " (", FORM.quality.criteria.join(", "), ")"),
      boxes.map(([c, box]) => el("label", {}, " ", c, " ", box)));
    return {
      node,
      read: () => {
        const filled = boxes.filter(([, box]) => box.value.trim() !== "");
        return filled.length ? Object.fromEntries(filled.map(([c, box]) => [c, readNumber(box.value)])) : undefined;
      },
      fill: (scores) => {
        for (const [c, box] of boxes) box.value = scores && c in scores ? numberText(scores[c]) : "";
        node.open = Boolean(scores);
      },
    };
  }

  function helpLine(spec, withClause) {
    const parts = [];
    if (withClause) parts.push(el("span", {}, word("clause"), " ", spec.clause));
    const s = spec.kind === "number" ? specOf(spec) : null;
    if (s && s.bounds !== null) parts.push(el("span", {}, word("bounds"), " ", interval(s.bounds), " ", spec.unit));
    if (spec.default !== null) {
      const shown = spec.kind === "key" ? keyText(spec, spec.default) : { zh: String(spec.default), en: String(spec.default) };
      parts.push(el("span", {}, word("default"), " ", both(shown), spec.default_source ? " (" + spec.default_source + ")" : ""));
    } else if (spec.optional) {
      parts.push(el("span", {}, word("optional")));
    }
    if (spec.primary) parts.push(el("span", {}, word("primary")));
    return el("div", { class: "help" }, parts);
  }

  function specOf(spec) {
    // the runtime's own description of an input (or a column): bounds as it judges them
    if (Object.prototype.hasOwnProperty.call(SPEC.inputs, spec.name) && SPEC.inputs[spec.name].clause === spec.clause &&
      !spec.isColumn) return SPEC.inputs[spec.name];
    for (const s of Object.values(SPEC.inputs)) {
      if (s.columns && Object.prototype.hasOwnProperty.call(s.columns, spec.name) && s.clause === spec.clause) return s.columns[spec.name];
    }
    return { bounds: null };
  }

  // ---- the fields ---------------------------------------------------------------------------------
  const fields = new Map(); // input -> {read(), fill(value), node}

  function simpleField(spec) {
    const control = valueControl(spec, spec.name);
    const cut = spec.cut_off ? cutOffBox(spec.name) : null;
    const quality = spec.kind === "number" ? qualityBoxes(spec.name) : null;
    const node = el("div", { class: "field", "data-input": spec.name },
      el("label", { class: "name", for: fieldId(spec.name) }, both(spec.text)),
      el("div", { class: "line" }, control.node,
        el("span", { class: "unit" }, spec.kind === "key" || spec.kind === "date" ? "" : spec.unit),
        cut ? cut.node : null),
      helpLine(spec, true), quality ? quality.node : null);
    return {
      node,
      read: () => {
        let value = control.read();
        if (cut && cut.box.checked) return { cut_off: value === undefined ? "" : value };
        const scores = quality ? quality.read() : undefined;
        if (scores !== undefined) return { value: value === undefined ? "" : value, quality: scores };
        return value;
      },
      fill: (value) => {
        const isObject = value !== null && typeof value === "object" && !Array.isArray(value);
        if (cut) cut.box.checked = isObject && "cut_off" in value;
        if (quality) quality.fill(isObject && "quality" in value ? value.quality : undefined);
        control.fill(isObject ? ("cut_off" in value ? value.cut_off : value.value) : value);
      },
    };
  }

  function tableField(spec) {
    const columns = spec.columns.map((c) => Object.assign({ isColumn: true }, c));
    const body = el("tbody");
    const rows = [];
    const head = el("tr", {}, el("th", { class: "num" }, "#"),
      columns.map((c) => el("th", { title: c.clause }, both(c.text), c.kind === "number" ? " (" + c.unit + ")" : "")), el("th"));
    const table = el("table", { class: "rows", "data-table": spec.name }, el("thead", {}, head), body);
    function addRow(values) {
      const cells = columns.map((c) => {
        const control = valueControl(c, spec.name + "[" + rows.length + "]." + c.name);
        const cut = c.cut_off ? cutOffBox(c.name, true) : null;
        return { column: c, control, cut, node: el("td", {}, control.node, cut ? el("div", {}, cut.node) : null) };
      });
      const remove = el("button", { type: "button", class: "remove" }, word("remove_row"));
      const row = { cells, node: el("tr", {}, el("td", { class: "num" }), cells.map((x) => x.node), el("td", {}, remove)) };
      remove.addEventListener("click", () => {
        rows.splice(rows.indexOf(row), 1);
        row.node.remove();
        renumber();
        compute();
      });
      rows.push(row);
      body.append(row.node);
      if (values) fillRow(row, values);
      renumber();
      return row;
    }
    function renumber() {
      rows.forEach((row, k) => {
        row.node.firstChild.textContent = String(k);
        row.node.dataset.row = String(k);
        for (const cell of row.cells) cell.control.node.setAttribute("data-path", spec.name + "[" + k + "]." + cell.column.name);
      });
    }
    function fillRow(row, values) {
      for (const cell of row.cells) {
        const v = Object.prototype.hasOwnProperty.call(values, cell.column.name) ? values[cell.column.name] : undefined;
        const isObject = v !== null && typeof v === "object" && !Array.isArray(v);
        if (cell.cut) cell.cut.box.checked = isObject && "cut_off" in v;
        cell.control.fill(isObject ? ("cut_off" in v ? v.cut_off : v.value) : v);
      }
    }
    const initial = spec.optional ? spec.min_rows : Math.max(spec.min_rows, 1); // an optional table: no rows
    for (let k = 0; k < initial; k++) addRow(null);
    const add = el("button", { type: "button", class: "add" }, "+ ", word("add_row"));
    add.addEventListener("click", () => {
      addRow(null);
      compute();
    });
    const help = el("div", { class: "help" }, el("span", {}, word("clause"), " ", spec.clause),
      spec.min_rows ? el("span", {}, word("rows_at_least"), " ", String(spec.min_rows)) : null,
      spec.optional ? el("span", {}, word("optional_rows")) : null,
      columns.filter((c) => c.kind === "number" && specOf(c).bounds !== null).map((c) =>
        el("span", {}, both(c.text), " ", interval(specOf(c).bounds), " ", c.unit)));
    const node = el("div", { class: "field", "data-input": spec.name },
      el("label", { class: "name" }, both(spec.text)), el("div", { class: "scroll" }, table), add, help);
    return {
      node,
      read: () => (spec.optional && !rows.length ? undefined : rows.map((row) => {
        const out = {};
        for (const cell of row.cells) {
          const value = cell.control.read();
          if (cell.cut && cell.cut.box.checked) out[cell.column.name] = { cut_off: value === undefined ? "" : value };
          else if (value !== undefined) out[cell.column.name] = value;
        }
        return out;
      })),
      fill: (value) => {
        while (rows.length) rows.pop().node.remove();
        if (Array.isArray(value)) value.forEach((row) => addRow(row && typeof row === "object" ? row : {}));
        else for (let k = 0; k < initial; k++) addRow(null);
      },
      rowNode: (k) => (rows[k] ? rows[k].node : null),
    };
  }

  const form = document.getElementById("inputs");
  for (const spec of FORM.inputs) {
    const field = spec.kind === "rows" ? tableField(spec) : simpleField(spec);
    fields.set(spec.name, field);
    form.append(field.node);
  }

  function readAll() {
    const inputs = {};
    for (const [name, field] of fields) {
      const value = field.read();
      if (value !== undefined) inputs[name] = value;
    }
    return inputs;
  }

  function fill(inputs) {
    for (const [name, field] of fields) field.fill(inputs && Object.prototype.hasOwnProperty.call(inputs, name) ? inputs[name] : undefined);
  }

  // ---- the toolbar: examples -----------------------------------------------------------------------
  const toolbar = document.getElementById("toolbar");
  if (SPEC.examples.length) {
    const choose = el("select", { id: "examples" }, option("", W.choose));
    SPEC.examples.forEach(([title, clause], k) => choose.append(option(String(k), { zh: clause + " " + title, en: clause + " " + title })));
    choose.addEventListener("change", () => {
      if (choose.value === "") return;
      fill(exampleInputs(SPEC.examples[Number(choose.value)][2]));
      compute();
    });
    toolbar.append(el("label", { for: "examples" }, word("examples")), choose);
  }

  // ---- the result ---------------------------------------------------------------------------------
  const out = document.getElementById("result");

  function fmt(x) {
    return typeof x === "number" ? x.toLocaleString(lang === "zh" ? "zh-CN" : "en-GB", { maximumSignificantDigits: 6 }) : String(x);
  }

  function num(x) {
    return el("td", { class: "num", "data-value": typeof x === "number" ? String(x) : null }, x === null ? "—" : fmt(x));
  }

  function table(headers, rows) {
    return el("table", {}, el("thead", {}, el("tr", {}, headers.map((h) => el("th", { class: h.num ? "num" : null }, h.label)))),
      el("tbody", {}, rows));
  }

  function section(key, ...content) {
    return el("div", { class: "section", "data-section": key }, el("h3", {}, word(key)), content);
  }

  function named(map, key) {
    return Object.prototype.hasOwnProperty.call(map, key) ? both(map[key]) : key;
  }

  function inputName(name) {
    // an input by its name in the rule, or a cell of a table (`materials[1].mass`) by its table's
    const table = /^([A-Za-z_][A-Za-z0-9_]*)(\[.*)$/.exec(name);
    return table ? [named(FORM.names, table[1]), table[2]] : named(FORM.names, name);
  }

  function verdict(pass) {
    return el("span", { class: pass ? "verdict-pass" : "verdict-fail", "data-pass": String(pass) }, word(pass ? "pass" : "fail"));
  }

  function render(result, error) {
    out.replaceChildren();
    document.querySelectorAll(".problem").forEach((node) => node.classList.remove("problem"));
    if (error) {
      document.body.dataset.state = "refused";
      const where = [];
      if (error.field) where.push(el("div", {}, word("field"), ": ", el("code", {}, error.field)));
      if (error.formula) where.push(el("div", {}, el("code", {}, error.formula)));
      if (error.clause) where.push(el("div", {}, word("clause"), " ", el("span", { class: "clause" }, error.clause)));
      out.append(el("div", { class: "refusal", role: "alert", "data-code": error.code },
        el("div", {}, word("refused"), " · ", el("span", { class: "code" }, error.code)),
        el("p", { class: "message" }, error.message), where));
      markProblem(error.field);
      return;
    }
    const r = result;
    out.append(el("div", { class: "total", id: "total", "data-value": String(r.total) }, fmt(r.total), " ",
      el("small", {}, "kg CO2e ", word("per_unit"), " (", fmt(r.declared_unit.amount), " ", r.declared_unit.unit, ")")));
    out.append(el("p", { class: "note" }, both(FORM.declared.text), " · ", word("gwp"), " ", r.gwp));
    if (r.reference_period) {
      out.append(el("p", { class: "note", id: "reference-period", "data-start": r.reference_period.start,
        "data-end": r.reference_period.end }, word("reference_period"), ": ", r.reference_period.start, " ", word("to"), " ",
      r.reference_period.end));
    }
    const share = r.data.primary_data_share_percent;
    out.append(el("p", { class: "note" }, word("primary_share"), " ",
      el("span", { id: "primary-share", "data-value": share === null ? null : String(share) }, share === null ? "—" : fmt(share))));
    if (r.grade) {
      out.append(section("grade", table([{ label: word("class") }, { label: word("rounded"), num: true }],
        [el("tr", {}, el("td", { "data-class": r.grade.class }, r.grade.class === null ? "—" : r.grade.class), num(r.grade.rounded_total))])));
    }
    out.append(section("by_stage", table([{ label: "" }, { label: "kg CO2e", num: true }],
      Object.entries(r.by_stage).map(([k, x]) => el("tr", { "data-key": k }, el("td", {}, named(FORM.stages, k)), num(x))))));
    out.append(section("by_process", table([{ label: "" }, { label: "kg CO2e", num: true }],
      Object.entries(r.by_process).map(([k, x]) => el("tr", { "data-key": k }, el("td", {}, named(FORM.processes, k)), num(x))))));
    out.append(section("by_gas", table([{ label: "" }, { label: word("mass"), num: true }, { label: "kg CO2e", num: true }],
      Object.entries(r.by_gas).map(([k, g]) => el("tr", { "data-key": k }, el("td", {}, k), num(g.mass_kg), num(g.co2e_kg))))));
    out.append(section("by_carbon_kind", table([{ label: "" }, { label: "kg CO2e", num: true }],
      Object.entries(r.by_carbon_kind).map(([k, x]) => el("tr", { "data-key": k }, el("td", {}, named(W, "kind:" + k)), num(x))))));
    out.append(section("separately_reported", table([{ label: "" }, { label: "kg", num: true }],
      Object.entries(r.separately_reported).map(([k, x]) => el("tr", { "data-key": k }, el("td", {}, named(W, "separately:" + k)), num(x))))));
    out.append(section("top", table([{ label: word("contribution") }, { label: word("row") }, { label: "kg CO2e", num: true }],
      r.top_contributors.map((t) => el("tr", { "data-key": t.contribution }, el("td", {}, named(FORM.contributions, t.contribution)),
        el("td", {}, t.row === null ? "" : String(t.row) + (t.key !== null ? " " + t.key : "")), num(t.co2e_kg))))));
    for (const [name, a] of Object.entries(r.allocation)) {
      out.append(section("allocation", el("p", {}, el("code", {}, name), " · ", named(W, "method:" + a.method), " · ",
        word("clause"), " ", a.clause),
      a.shares === null ? null : table([{ label: word("share") }, { label: "", num: true }],
        Object.entries(a.shares).map(([p, x]) => el("tr", { "data-key": p }, el("td", {}, p), num(x))))));
    }
    for (const [name, e] of Object.entries(r.electricity)) {
      const sources = FORM.sources[name] || {};
      out.append(section("electricity", el("p", { "data-source": e.source }, el("code", {}, name), " · ", word("source"), ": ",
        named(sources, e.source), " · ", named(W, "factor_kind:" + e.factor_kind), " · ", word("factor"), " ",
        fmt(e.factor_kg_per_kWh), " kg ", e.gas, "/kWh")));
    }
    for (const [name, t] of Object.entries(r.transport)) {
      const legs = FORM.inputs.find((i) => i.name === t.legs);
      const mode = legs ? legs.columns.find((c) => c.name === "mode") : null;
      const modeName = (k) => (mode ? both(keyText(mode, k)) : k);
      out.append(section("transport", el("p", {}, named(FORM.contributions, name), " · ", word("clause"), " ", t.clause, " · ",
        inputName(t.legs), t.empty_return === undefined ? null : [" · ", word("empty_return"), " ", fmt(t.empty_return)]),
      table([{ label: word("mode") }, { label: word("tkm"), num: true }, { label: "kg CO2e", num: true }],
        Object.entries(t.by_mode).map(([k, m]) => el("tr", { "data-key": k }, el("td", {}, modeName(k)), num(m.tkm), num(m.co2e_kg)))
          .concat([el("tr", { "data-key": "" }, el("td", {}, "Σ"), el("td"), num(t.co2e_kg))]))));
    }
    for (const [name, x] of Object.entries(r.recycling)) {
      out.append(section("recycling", el("p", {}, el("code", {}, name), " · ", named(W, "approach:" + x.approach)),
        table([{ label: "" }, { label: "", num: true }], Object.entries(x).filter(([, v]) => typeof v === "number")
          .map(([k, v]) => el("tr", { "data-key": k }, el("td", {}, k), num(v))))));
    }
    const c = r.cutoff;
    if (c.clause !== null) {
      out.append(section("cutoff", el("p", {}, word("clause"), " ", c.clause, " · ", verdict(c.pass), " · ", word("exempted"), " ",
        el("span", { "data-value": String(c.exempted_emissions_percent), id: "exempted" }, fmt(c.exempted_emissions_percent))),
      c.flows.length ? table([{ label: word("field") }, { label: word("estimate"), num: true }, { label: "%" }, { label: "" }],
        c.flows.map((f) => el("tr", { "data-key": f.input }, el("td", {}, inputName(f.input)), num(f.estimate),
          el("td", {}, Object.entries(f.shares_percent).map(([b, x], k) => [k ? "; " : "", named(W, "basis:" + b), " " + fmt(x) + " %"])),
          el("td", {}, verdict(f.pass)))))
        : null));
    }
    const dq = r.data_quality;
    if (dq) {
      out.append(section("data_quality", el("p", {}, word("clause"), " ", dq.clause, " · ", verdict(dq.pass), " · ", word("rating"), " ",
        dq.result.rating === null ? "—" : fmt(dq.result.rating), " ", dq.result.level || "", " · ", word("primary_share"), " ",
        dq.primary_share_percent === null ? "—" : fmt(dq.primary_share_percent)),
      Object.keys(dq.inputs).length ? table([{ label: word("field") }, { label: word("rating"), num: true }, { label: word("level") }],
        Object.entries(dq.inputs).map(([n, x]) => el("tr", { "data-key": n }, el("td", {}, inputName(n)), num(x.rating),
          el("td", {}, x.level || "—")))) : null,
      dq.violations.length ? el("ul", { class: "violations" }, dq.violations.map((v) => el("li", {}, v.message))) : null));
    }
    if (r.data.defaults_used.length) {
      out.append(section("defaults_used", table([{ label: word("field") }, { label: word("default"), num: true }, { label: word("source") }],
        r.data.defaults_used.map((d) => el("tr", { "data-key": d.input }, el("td", {}, inputName(d.input)),
          typeof d.value === "number" ? num(d.value) : el("td", {}, d.value), el("td", {}, d.source || ""))))));
    }
    if (r.data.optional_left_out.length) {
      out.append(section("left_out", el("ul", {}, r.data.optional_left_out.map((d) => el("li", {}, inputName(d.input))))));
    }
    out.append(el("details", {}, el("summary", {}, word("inputs_json")), el("pre", { id: "inputs-json" }, json(last.inputs))),
      el("details", {}, el("summary", {}, word("result_json")), el("pre", { id: "result-json" }, json(r))));
    document.body.dataset.state = "result";
  }

  function json(value) {
    return JSON.stringify(value, (k, v) => (typeof v === "bigint" ? Number(v) : v), 2);
  }

  function markProblem(field) {
    if (!field) return;
    const cell = /^([A-Za-z_][A-Za-z0-9_]*)\[([0-9]+)\](?:\.(.*))?$/.exec(field);
    const name = cell ? cell[1] : field;
    const target = fields.get(name);
    if (!target) return;
    target.node.classList.add("problem");
    if (cell && target.rowNode && target.rowNode(Number(cell[2]))) target.rowNode(Number(cell[2])).classList.add("problem");
  }

  function compute() {
    const inputs = readAll();
    setLanguage(lang);
    last = { inputs, result: null, error: null };
    try {
      last.result = calculate(inputs);
    } catch (error) {
      if (!(error instanceof CalculationError)) throw error;
      last.error = error;
    }
    document.body.dataset.state = "computing";
    render(last.result, last.error);
  }

  // ---- language, events, a filled link -------------------------------------------------------------
  function switchTo(next) {
    lang = next;
    document.documentElement.lang = next;
    document.documentElement.dataset.lang = next;
    for (const button of document.querySelectorAll("[data-lang-switch]")) {
      button.setAttribute("aria-pressed", String(button.dataset.langSwitch === next));
    }
    for (const node of document.querySelectorAll("option[data-zh]")) node.textContent = node.dataset[next];
    document.title = FORM.title[next] + " — " + FORM.identifier + " " + FORM.version;
    compute();
  }
  for (const button of document.querySelectorAll("[data-lang-switch]")) {
    button.addEventListener("click", () => switchTo(button.dataset.langSwitch));
  }
  form.addEventListener("input", compute);
  form.addEventListener("change", compute);
  form.addEventListener("submit", (event) => event.preventDefault());
  const hash = /^#inputs=(.*)$/s.exec(location.hash);
  if (hash) {
    try {
      fill(JSON.parse(decodeURIComponent(hash[1])));
    } catch (error) {
      // not a filled link: the fields stay empty
    }
  }
  switchTo(lang);
  return { compute, fill, read: readAll, last: () => last, switchTo };
}

globalThis.pcrForm = startForm(FORM);
