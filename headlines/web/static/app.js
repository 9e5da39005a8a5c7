// Headline trends dashboard: plain DOM and SVG, no libraries, nothing loaded from elsewhere.
// Headlines are untrusted text: every value reaches the page through textContent or an
// attribute set by property, never as markup; links are kept only for http(s) URLs.
"use strict";

const SVG_NS = "http://www.w3.org/2000/svg";
const POLL_MS = 60000;
const SERIES_WINDOW = "7d";
const MIN_HISTORY_HOURS = 3;  // fewer hours since a topic was first seen: no line worth drawing
const state = { window: "24h", source: "", topic: null, at: "" };

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props || {});
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function svgEl(tag, attrs) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, String(value));
  return node;
}

function safeUrl(url) {
  try {
    const parsed = new URL(url, window.location.href);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch (err) {
    return null;
  }
}

async function api(name, params) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) if (value) query.set(key, value);
  const response = await fetch(`/api/${name}?${query}`, { headers: { Accept: "application/json" } });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || `HTTP ${response.status}`);
  return body;
}

function showError(err) {
  const box = document.getElementById("error");
  box.hidden = !err;
  box.textContent = err ? `Could not load data: ${err.message}` : "";
}

function topicButton(name) {
  const button = el("button", { type: "button", className: "topic", textContent: name, title: `Show ${name}` });
  button.dataset.topic = name;
  button.addEventListener("click", () => selectTopic(name));
  return button;
}

function renderTop(rows) {
  const list = document.getElementById("top");
  const most = Math.max(1, ...rows.map((r) => r.headlines));
  list.replaceChildren(...rows.map((row) => {
    const fill = el("span", { className: "fill" });
    fill.style.width = `${(100 * row.headlines) / most}%`;
    return el("li", { className: "bar-row" }, topicButton(row.topic),
      el("span", { className: "bar", title: `${row.headlines} headlines` }, fill),
      el("span", { className: "count", textContent: `${row.headlines}` }),
      el("span", { className: "muted small details", textContent: `${row.sources} src · ${row.sightings} seen` }));
  }));
  if (!rows.length) list.replaceChildren(el("li", { className: "muted", textContent: "No topics in this window yet." }));
}

function hourlyPoints(detail, key) {
  // The API lists only hours with sightings; fill the quiet hours with zero.
  const counts = new Map(detail.series.map((p) => [p.hour, p[key]]));
  const start = new Date(detail.since.slice(0, 13) + ":00:00Z").getTime();
  const end = new Date(detail.until).getTime();
  const points = [];
  for (let t = start; t < end; t += 3600000) {
    const hour = new Date(t).toISOString().slice(0, 13) + ":00:00Z";
    points.push({ hour, value: counts.get(hour) || 0 });
  }
  return points;
}

function sparkline(points, width = 120, height = 28) {
  // From the first hour the topic was seen: a week of empty hours before it would flatten the line.
  const first = points.findIndex((p) => p.value > 0);
  const shown = first < 0 ? [] : points.slice(first);
  if (shown.length < MIN_HISTORY_HOURS) {
    return el("span", { className: "muted spark-empty", textContent: "not enough history" });
  }
  const svg = svgEl("svg", { class: "spark", viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: "none",
    role: "img" });
  const most = Math.max(1, ...shown.map((p) => p.value));
  const step = width / (shown.length - 1);
  const coords = shown.map((p, i) => `${(i * step).toFixed(1)},${(height - 1 - (p.value / most) * (height - 3)).toFixed(1)}`);
  svg.append(svgEl("polygon", { points: `0,${height} ${coords.join(" ")} ${width},${height}`, class: "spark-area" }));
  svg.append(svgEl("polyline", { points: coords.join(" "), fill: "none", class: "spark-line" }));
  svg.setAttribute("aria-label", `sightings per hour over ${shown.length} hours, peak ${most}`);
  return svg;
}

function renderTrending(rows) {
  const list = document.getElementById("trending");
  list.replaceChildren(...rows.map((row) => {
    const spark = el("span", { className: "spark-slot" });
    api("topic", { name: row.topic, window: SERIES_WINDOW, at: state.at })
      .then((detail) => spark.replaceChildren(sparkline(hourlyPoints(detail, "sightings"))))
      .catch(() => spark.replaceChildren());
    return el("li", { className: "trend-row" }, topicButton(row.topic), spark,
      el("span", { className: "trend-text" }, el("span", { className: "why", textContent: row.why || "" }),
        el("span", { className: "muted small", textContent: `${row.headlines} headlines · score ${Number(row.score).toFixed(2)}` })));
  }));
  if (!rows.length) list.replaceChildren(el("li", { className: "muted", textContent: "Nothing trending in this window." }));
}

function chart(points, width = 720, height = 160) {
  const pad = { left: 32, bottom: 20, top: 8 };
  const svg = svgEl("svg", { class: "series", viewBox: `0 0 ${width} ${height}`, role: "img",
    "aria-label": "distinct headlines per hour" });
  const most = Math.max(1, ...points.map((p) => p.value));
  const inner = height - pad.bottom - pad.top;
  const barWidth = (width - pad.left) / Math.max(1, points.length);
  points.forEach((p, i) => {
    const h = (p.value / most) * inner;
    const bar = svgEl("rect", { x: (pad.left + i * barWidth).toFixed(2), y: (pad.top + inner - h).toFixed(2),
      width: Math.max(1, barWidth - 1).toFixed(2), height: h.toFixed(2), class: "series-bar" });
    bar.append(svgEl("title"));
    bar.firstChild.textContent = `${p.hour}: ${p.value}`;
    svg.append(bar);
  });
  const axis = (y, text) => {
    const label = svgEl("text", { x: pad.left - 4, y, "text-anchor": "end", class: "axis" });
    label.textContent = text;
    svg.append(label);
  };
  axis(pad.top + 8, String(most));
  axis(pad.top + inner, "0");
  for (const [index, anchor] of [[0, "start"], [points.length - 1, "end"]]) {
    if (!points.length) break;
    const label = svgEl("text", { x: index ? width : pad.left, y: height - 4, "text-anchor": anchor, class: "axis" });
    label.textContent = points[index].hour.slice(0, 13).replace("T", " ") + "h";
    svg.append(label);
  }
  return svg;
}

function headlineItem(row) {
  const href = row.url && safeUrl(row.url);
  const text = href ? el("a", { href, textContent: row.text, rel: "noopener noreferrer", target: "_blank" })
    : el("span", { textContent: row.text });
  text.className = "headline-text";
  return el("li", null, text, el("span", { className: "muted small",
    textContent: ` ${row.sources} src · ${row.sightings} seen · last ${row.last_seen}` }));
}

async function selectTopic(name) {
  state.topic = name;
  if (decodeURIComponent(window.location.hash.slice(7)) !== name) {
    history.replaceState(null, "", `#topic=${encodeURIComponent(name)}`);
  }
  const section = document.getElementById("topic-section");
  section.hidden = false;
  document.getElementById("topic-title").textContent = name;
  try {
    const detail = await api("topic", { name, window: SERIES_WINDOW, at: state.at });
    const points = hourlyPoints(detail, "headlines");
    document.getElementById("topic-title").textContent = detail.topic;
    document.getElementById("topic-summary").textContent =
      `${detail.kind || "topic"} · ${detail.headlines.length} headlines in the last ${SERIES_WINDOW}`;
    document.getElementById("topic-chart").replaceChildren(chart(points));
    document.getElementById("topic-headlines").replaceChildren(...detail.headlines.map(headlineItem));
    section.dataset.loaded = detail.topic;
    showError(null);
  } catch (err) {
    showError(err);
  }
}

function renderSources(rows) {
  const body = document.querySelector("#sources tbody");
  body.replaceChildren(...rows.map((row) => {
    const status = el("span", { className: `status status-${row.status || "never"}`, textContent: row.status || "never run" });
    const usual = row.usual_items === null ? "" : ` (${Math.round(row.usual_items)})`;
    return el("tr", null, el("td", { textContent: row.source }), el("td", { textContent: row.kind || "" }),
      el("td", null, status), el("td", { textContent: row.last_run || "" }),
      el("td", { textContent: `${row.items ?? ""}${usual}` }),
      el("td", { textContent: String(row.failures_in_row || 0) }),
      el("td", { className: "small", textContent: row.error || "" }));
  }));
  const picker = document.getElementById("source");
  const known = new Set([...picker.options].map((o) => o.value));
  for (const row of rows) if (!known.has(row.source)) picker.append(el("option", { value: row.source, textContent: row.source }));
}

async function refresh() {
  const params = { window: state.window, source: state.source, at: state.at };
  try {
    const [top, trending, sources] = await Promise.all([
      api("top", { ...params, limit: "15" }), api("trending", { ...params, limit: "8" }), api("sources")]);
    renderTop(top.topics);
    renderTrending(trending.topics);
    renderSources(sources.sources);
    document.getElementById("updated").textContent = state.at
      ? `as of ${top.until.replace("T", " ").replace("Z", " UTC")}` : `updated ${new Date().toLocaleTimeString()}`;
    showError(null);
  } catch (err) {
    showError(err);
  }
  if (state.topic) selectTopic(state.topic);
}

function localInputValue(date) {
  const shifted = new Date(date.getTime() - date.getTimezoneOffset() * 60000);
  return shifted.toISOString().slice(0, 16);
}

function start() {
  const windowPicker = document.getElementById("window");
  const sourcePicker = document.getElementById("source");
  windowPicker.addEventListener("change", () => { state.window = windowPicker.value; refresh(); });
  sourcePicker.addEventListener("change", () => { state.source = sourcePicker.value; refresh(); });
  const atPicker = document.getElementById("at");
  const nowButton = document.getElementById("now");
  atPicker.max = localInputValue(new Date());
  atPicker.addEventListener("change", () => {
    // datetime-local is the viewer's local time; the API takes UTC.
    const moment = atPicker.value ? new Date(atPicker.value) : null;
    state.at = moment && !Number.isNaN(moment.getTime()) ? moment.toISOString().slice(0, 19) + "Z" : "";
    nowButton.hidden = !state.at;
    refresh();
  });
  nowButton.addEventListener("click", () => { atPicker.value = ""; atPicker.dispatchEvent(new Event("change")); });
  document.getElementById("controls").addEventListener("submit", (event) => event.preventDefault());
  if (window.location.hash.startsWith("#topic=")) state.topic = decodeURIComponent(window.location.hash.slice(7));
  refresh();
  setInterval(refresh, POLL_MS);
}

document.addEventListener("DOMContentLoaded", start);
