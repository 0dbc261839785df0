// sahel_ie review page: table, filters, map points and record focus. No external resources.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var rows = data.rows;
  var columns = data.columns;
  var proj = data.projection;
  var tbody = document.querySelector("#attacks tbody");
  var points = document.getElementById("points");
  var svgNS = points.namespaceURI;  // the inline SVG's own namespace
  var sortKey = null, sortDir = 1;
  var cardsBox = document.getElementById("cards");
  var moreButton = document.getElementById("more-cards");
  var cardList = [], shownCards = 0;
  var visible = rows.map(function (_, i) { return i; });

  function cell(row, col) {
    var value = row[col.key];
    var td = document.createElement("td");
    if (col.num) td.className = "num";
    if (col.key === "certainty" && value) td.className = "cert-" + value;
    if (col.key === "title") {
      var a = document.createElement("a");
      a.href = "#doc-" + row.article;
      a.className = "open-card";
      a.textContent = value;
      td.appendChild(a);
    } else {
      td.textContent = value === null || value === undefined ? "" : String(value);
    }
    if (!col.num && value) td.title = String(value);
    return td;
  }

  // Rows are built as they are shown: the filtered, sorted list is drawn a page at a time, so a batch of
  // thousands of attacks opens at once and filters as fast as a short one.
  var ROWS_PER_PAGE = 250;
  var order = rows.map(function (_, i) { return i; });
  var rowLimit = ROWS_PER_PAGE;
  var selectedRow = -1;
  var moreRows = document.getElementById("more-rows");

  function rowElement(i) {
    var row = rows[i];
    if (!row._tr) {
      var tr = document.createElement("tr");
      tr.dataset.row = i;
      columns.forEach(function (col) { tr.appendChild(cell(row, col)); });
      row._tr = tr;
    }
    row._tr.classList.toggle("selected", i === selectedRow);
    return row._tr;
  }

  function indexRows() {
    rows.forEach(function (row) {
      row._text = columns.map(function (c) { return row[c.key] === null ? "" : String(row[c.key]); })
        .concat([row.doc_id, row.outlet, row.event_id]).join(" ").toLowerCase();
    });
  }

  function renderRows() {
    var fragment = document.createDocumentFragment();
    var shown = Math.min(visible.length, rowLimit);
    for (var n = 0; n < shown; n++) fragment.appendChild(rowElement(visible[n]));
    tbody.textContent = "";
    tbody.appendChild(fragment);
    moreRows.classList.toggle("hidden", shown >= visible.length);
    moreRows.textContent = "show more rows (" + (visible.length - shown) + " left)";
  }

  function buildPoints() {
    rows.forEach(function (row, i) {
      if (row.lat === null || row.lon === null) return;
      var c = document.createElementNS(svgNS, "circle");
      c.setAttribute("cx", ((row.lon - proj.west) * proj.sx).toFixed(1));
      c.setAttribute("cy", ((proj.north - row.lat) * proj.sy).toFixed(1));
      c.setAttribute("r", 4 + Math.min(6, Math.sqrt(row.killed || 0)));
      c.dataset.row = i;
      var title = document.createElementNS(svgNS, "title");
      title.textContent = [row.date, row.place, row.type, row.perpetrator, (row.killed === null ? "" : row.killed + " killed")]
        .filter(Boolean).join(" \u00b7 ");
      c.appendChild(title);
      row._pt = c;
      points.appendChild(c);
    });
  }

  function fillSelect(id, key) {
    var select = document.getElementById(id);
    var values = {};
    rows.forEach(function (r) { if (r[key]) values[r[key]] = (values[r[key]] || 0) + 1; });
    Object.keys(values).sort().forEach(function (v) {
      var o = document.createElement("option");
      o.value = v; o.textContent = v + " (" + values[v] + ")";
      select.appendChild(o);
    });
  }

  function filters() {
    return {
      q: document.getElementById("f-text").value.trim().toLowerCase(),
      country: document.getElementById("f-country").value,
      type: document.getElementById("f-type").value,
      certainty: document.getElementById("f-certainty").value,
      located: document.getElementById("f-located").checked,
      minConf: parseFloat(document.getElementById("f-confidence").value || "0")
    };
  }

  function keep(row, f) {
    if (f.country && row.country !== f.country) return false;
    if (f.type && row.type !== f.type) return false;
    if (f.certainty && row.certainty !== f.certainty) return false;
    if (f.located && (row.lat === null || row.lon === null)) return false;
    if (row.confidence < f.minConf) return false;
    if (f.q) {
      var words = f.q.split(/\s+/);
      for (var i = 0; i < words.length; i++) if (row._text.indexOf(words[i]) < 0) return false;
    }
    return true;
  }

  function apply() {
    var f = filters();
    var active = f.q || f.country || f.type || f.certainty || f.located || f.minConf > 0;
    var articles = {};
    visible = [];
    rows.forEach(function (row, i) {
      var ok = keep(row, f);
      if (row._pt) row._pt.classList.toggle("hidden", !ok);
      if (ok) articles[row.article] = true;
    });
    order.forEach(function (i) { if (keep(rows[i], f)) visible.push(i); });
    rowLimit = ROWS_PER_PAGE;
    renderRows();
    cardList = [];
    for (var k = 0; k < data.cards.length; k++) if (!active || articles[k]) cardList.push(k);
    shownCards = 0;
    cardsBox.textContent = "";
    showMoreCards();
    document.getElementById("card-count").textContent = cardList.length;
    document.getElementById("count").textContent = visible.length + " of " + rows.length + " attacks";
  }

  function addCard(k, atTop) {
    var existing = document.getElementById("doc-" + k);
    if (existing) return existing;
    cardsBox.insertAdjacentHTML(atTop ? "afterbegin" : "beforeend", data.cards[k]);
    return document.getElementById("doc-" + k);
  }

  function showMoreCards() {
    var end = Math.min(cardList.length, shownCards + data.page_size);
    for (; shownCards < end; shownCards++) addCard(cardList[shownCards], false);
    moreButton.classList.toggle("hidden", shownCards >= cardList.length);
    moreButton.textContent = "show more articles (" + (cardList.length - shownCards) + " left)";
  }

  function compare(a, b) {
    var x = a[sortKey], y = b[sortKey];
    var xe = x === null || x === undefined || x === "", ye = y === null || y === undefined || y === "";
    if (xe || ye) return xe === ye ? 0 : (xe ? 1 : -1);  // empty cells last, whatever the direction
    if (typeof x === "number" && typeof y === "number") return (x - y) * sortDir;
    return String(x).localeCompare(String(y)) * sortDir;
  }

  function sortBy(key, th) {
    sortDir = sortKey === key ? -sortDir : 1;
    sortKey = key;
    document.querySelectorAll("#attacks th").forEach(function (h) { h.classList.remove("sorted-asc", "sorted-desc"); });
    th.classList.add(sortDir > 0 ? "sorted-asc" : "sorted-desc");
    order.sort(function (a, b) { return compare(rows[a], rows[b]) || a - b; });
    apply();
  }

  function focusRecord(card, rec, scroll) {
    var text = card.querySelector(".text");
    text.classList.add("focusing");
    text.querySelectorAll(".hl").forEach(function (span) {
      span.classList.toggle("on", (" " + span.dataset.rec + " ").indexOf(" " + rec + " ") >= 0);
    });
    card.querySelectorAll(".rec").forEach(function (r) { r.classList.toggle("active", r.dataset.rec === rec); });
    var first = text.querySelector(".hl.on");
    if (scroll && first) first.scrollIntoView({ block: "center" });
  }

  function select(i) {
    var row = rows[i];
    if (selectedRow >= 0) {
      var previous = rows[selectedRow];
      if (previous._tr) previous._tr.classList.remove("selected");
      if (previous._pt) previous._pt.classList.remove("selected");
    }
    selectedRow = i;
    if (row._tr) row._tr.classList.add("selected");
    if (row._pt) row._pt.classList.add("selected");
    var card = addCard(row.article, true);
    if (!card) return;
    document.querySelectorAll(".card.focused").forEach(function (c) { c.classList.remove("focused"); });
    card.classList.add("focused");
    card.scrollIntoView({ block: "start" });
    focusRecord(card, row.attack_id, false);
  }

  document.querySelectorAll("#attacks th").forEach(function (th) {
    th.addEventListener("click", function () { sortBy(th.dataset.key, th); });
  });
  ["f-text", "f-country", "f-type", "f-certainty", "f-located", "f-confidence"].forEach(function (id) {
    document.getElementById(id).addEventListener("input", apply);
    document.getElementById(id).addEventListener("change", apply);
  });
  document.getElementById("f-reset").addEventListener("click", function () {
    ["f-text", "f-country", "f-type", "f-certainty", "f-confidence"].forEach(function (id) { document.getElementById(id).value = ""; });
    document.getElementById("f-located").checked = false;
    apply();
  });
  moreButton.addEventListener("click", showMoreCards);
  tbody.addEventListener("click", function (e) {
    if (e.target.tagName === "A") e.preventDefault();
    var tr = e.target.closest("tr");
    if (tr) select(Number(tr.dataset.row));
  });
  points.addEventListener("click", function (e) {
    if (e.target.dataset.row !== undefined) {
      select(Number(e.target.dataset.row));
    }
  });
  document.getElementById("errors").addEventListener("click", function (e) {
    var link = e.target.closest("a[href^='#doc-']");
    if (!link) return;
    e.preventDefault();
    var card = addCard(Number(link.getAttribute("href").slice(5)), true);
    if (card) card.scrollIntoView({ block: "start" });
  });
  document.addEventListener("click", function (e) {
    var rec = e.target.closest(".rec, a.reclink");
    if (!rec) return;
    var card = rec.closest(".card");
    var id = rec.dataset.rec;
    if (card && id) {
      if (rec.tagName === "A") e.preventDefault();
      focusRecord(card, id, true);
    }
  });

  moreRows.addEventListener("click", function () { rowLimit += 1000; renderRows(); });
  indexRows();
  buildPoints();
  fillSelect("f-country", "country");
  fillSelect("f-type", "type");
  fillSelect("f-certainty", "certainty");
  apply();
  document.body.dataset.ready = "1";
})();
