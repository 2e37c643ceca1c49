/* nettool report: sort, filter, paginate, and jump from a number to its span. No framework, no network. */
(function () {
  "use strict";
  var doc = document;
  var tables = Array.prototype.slice.call(doc.querySelectorAll("table.data"));
  var fMetric = doc.getElementById("f-metric");
  var fStudy = doc.getElementById("f-study");
  var fText = doc.getElementById("f-text");
  var count = doc.getElementById("f-count");
  var back = doc.getElementById("back");
  var state = [];  // per table: {rows, page, size, pager}
  var origin = null;  // the link a jump came from (Back returns to it)
  var hashTimer = null;

  function text(el) { return (el.textContent || "").toLowerCase(); }

  /* ---- pagination + filtering ---- */
  function setup(table, i) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.forEach(function (tr) { tr._t = text(tr); });
    var size = parseInt(table.getAttribute("data-page"), 10) || 50;
    var st = {table: table, rows: rows, page: 0, size: size, pager: null, shown: rows.length};
    if (rows.length > size) {
      var nav = doc.createElement("nav");
      nav.className = "pager";
      nav.setAttribute("aria-label", "Pages of this table");
      nav.innerHTML = '<button type="button" data-d="-1">\u2039 Previous</button><span></span>' +
        '<button type="button" data-d="1">Next \u203a</button>';
      nav.addEventListener("click", function (ev) {
        var d = ev.target && ev.target.getAttribute("data-d");
        if (!d) { return; }
        st.page += parseInt(d, 10);
        paginate(st);
      });
      var wrap = table.parentNode.classList.contains("scroll") ? table.parentNode : table;
      wrap.parentNode.insertBefore(nav, wrap.nextSibling);
      st.pager = nav;
    }
    state[i] = st;
    table._st = st;
  }

  function paginate(st) {
    var visible = st.rows.filter(function (tr) { return !tr.classList.contains("flt"); });
    st.shown = visible.length;
    var pages = Math.max(1, Math.ceil(visible.length / st.size));
    st.page = Math.max(0, Math.min(st.page, pages - 1));
    var lo = st.page * st.size, hi = lo + st.size;
    visible.forEach(function (tr, k) { tr.classList.toggle("pg", k < lo || k >= hi); });
    if (st.pager) {
      var b = st.pager.querySelectorAll("button");
      b[0].disabled = st.page === 0;
      b[1].disabled = st.page >= pages - 1;
      st.pager.querySelector("span").textContent = visible.length ?
        "rows " + (lo + 1) + "\u2013" + Math.min(hi, visible.length) + " of " + visible.length +
        " (page " + (st.page + 1) + " of " + pages + ")" : "no rows";
    }
  }

  function applyFilters() {
    var metric = fMetric.value, study = fStudy.value, q = fText.value.trim().toLowerCase();
    var words = q ? q.split(/\s+/) : [];
    doc.querySelectorAll("section.metric").forEach(function (sec) {
      sec.classList.toggle("flt", !!metric && sec.getAttribute("data-metric") !== metric);
    });
    var shown = 0, total = 0;
    state.forEach(function (st) {
      var inHiddenSection = st.table.closest("section.flt");
      st.rows.forEach(function (tr) {
        var rec = tr.getAttribute("data-rec");
        var ok = (!study || rec === study) && words.every(function (w) { return tr._t.indexOf(w) >= 0; });
        tr.classList.toggle("flt", !ok);
        if (!inHiddenSection && !tr.classList.contains("sum")) { total += 1; if (ok) { shown += 1; } }
      });
      st.page = 0;
      paginate(st);
    });
    doc.querySelectorAll("article.abs").forEach(function (art) {
      art.classList.toggle("flt", !!study && art.getAttribute("data-rec") !== study);
    });
    count.textContent = (metric || study || q) ? shown + " of " + total + " rows match" : "";
  }

  /* ---- sorting ---- */
  function key(tr, col) {
    var td = tr.cells[col];
    if (!td) { return ""; }
    var v = td.getAttribute("data-v");
    return v !== null && v !== "" ? parseFloat(v) : td.textContent.trim().toLowerCase();
  }

  function sortBy(table, col, th) {
    var st = table._st;
    var dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
    table.querySelectorAll("th").forEach(function (h) { h.setAttribute("aria-sort", "none"); });
    th.setAttribute("aria-sort", dir);
    var sign = dir === "ascending" ? 1 : -1;
    var fixed = st.rows.filter(function (tr) { return tr.classList.contains("sum"); });
    var rows = st.rows.filter(function (tr) { return !tr.classList.contains("sum"); });
    rows = rows.map(function (tr, k) { return [key(tr, col), k, tr]; });
    rows.sort(function (a, b) {
      var x = a[0], y = b[0];
      var ex = x === "", ey = y === "";
      if (ex !== ey) { return ex ? 1 : -1; }  // empty cells last either way
      if (typeof x === "number" && typeof y === "number") { if (x !== y) { return sign * (x - y); } }
      else if (typeof x !== typeof y) { return typeof x === "number" ? -1 : 1; }
      else if (x !== y) { return sign * (x < y ? -1 : 1); }
      return a[1] - b[1];
    });
    st.rows = rows.map(function (r) { return r[2]; }).concat(fixed);
    var body = table.tBodies[0];
    st.rows.forEach(function (tr) { body.appendChild(tr); });
    st.page = 0;
    paginate(st);
  }

  /* ---- provenance: a number -> its span ---- */
  function jump(ids, from) {
    var list = ids.split(/\s+/).filter(Boolean);  // one figure, or every figure of a check's sentence
    var id = list[0];
    var marks = [];
    list.forEach(function (one) {
      doc.querySelectorAll('mark[data-f~="' + one + '"]').forEach(function (m) { marks.push(m); });
    });
    if (!marks.length) { return false; }
    marks.sort(function (a, b) { return a.compareDocumentPosition(b) & 4 ? -1 : 1; });
    doc.querySelectorAll("mark.on").forEach(function (m) { m.classList.remove("on"); });
    marks.forEach(function (m) { m.classList.add("on"); });
    var art = marks[0].closest("article.abs");
    if (art) { art.classList.remove("flt"); }
    var first = marks[0];
    if (!first.hasAttribute("tabindex")) { first.setAttribute("tabindex", "-1"); }
    first.scrollIntoView({block: "center"});
    first.focus({preventScroll: true});
    origin = from || null;
    back.hidden = !origin;
    clearTimeout(hashTimer);  // the address names the span (to share it), once the clicking stops
    hashTimer = setTimeout(function () { history.replaceState(null, "", "#m-" + id); }, 150);
    return true;
  }

  doc.addEventListener("click", function (ev) {
    var t = ev.target;
    var link = t && t.closest ? t.closest("[data-fig]") : null;
    if (link) {
      if (jump(link.getAttribute("data-fig"), link)) { ev.preventDefault(); }
      return;
    }
    var btn = t && t.closest ? t.closest("th button") : null;
    if (btn) {
      var th = btn.parentNode;
      sortBy(th.closest("table"), th.cellIndex, th);
    }
  });

  back.addEventListener("click", function () {
    if (origin) {
      var tr = origin.closest("tr");
      if (tr && tr.classList.contains("pg")) { tr.classList.remove("pg"); }
      origin.scrollIntoView({block: "center"});
      origin.focus({preventScroll: true});
    }
    back.hidden = true;
    origin = null;
  });

  doc.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape" && !back.hidden) { back.click(); }
  });

  tables.forEach(setup);
  fMetric.addEventListener("change", applyFilters);
  fStudy.addEventListener("change", applyFilters);
  fText.addEventListener("input", applyFilters);
  doc.getElementById("f-reset").addEventListener("click", function () {  // at once, not after a form reset
    fMetric.value = "";
    fStudy.value = "";
    fText.value = "";
    applyFilters();
  });
  doc.getElementById("controls").addEventListener("submit", function (ev) { ev.preventDefault(); });
  applyFilters();

  /* print everything: open the pooling details, show every page */
  var opened = [];
  window.addEventListener("beforeprint", function () {
    doc.querySelectorAll("details:not([open])").forEach(function (d) { d.open = true; opened.push(d); });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });

  var m = /^#m-(r\d+-\d+)$/.exec(location.hash);
  if (m) { jump(m[1], null); }
}());
