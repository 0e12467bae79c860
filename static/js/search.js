// The search page: Pagefind's index, served from this site, queried as the reader types.
// Results are the theme's review cards, built with DOM calls from the index's plain text;
// the excerpt's <mark> highlights are the only markup kept from it.

const root = document.getElementById("search");
const fallback = document.getElementById("search-fallback");
const form = root.querySelector("form");
const query = document.getElementById("search-query");
const sort = document.getElementById("search-sort");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const more = document.getElementById("search-more");
const filters = [...root.querySelectorAll("select[data-filter]")];
// Each result shown fetches its own fragment of the index: ten keep a first query small.
const SHOWN = 10;
// Files the build writes beside Pagefind's (vhsheaven/search/sidecar.py): the filters'
// values, and each page's sort keys, fetched the first time the reader picks an order.
const sidecar = (name) => new URL(name, new URL(root.dataset.bundle, location.href));
let sortKeys;

function say(text) {
  status.textContent = text;
}

// The excerpt as text and <mark> elements only, whatever else it holds.
function excerpt(html) {
  const parsed = new DOMParser().parseFromString(`<p>${html}</p>`, "text/html");
  const out = document.createElement("p");
  out.className = "summary search-excerpt";
  for (const node of parsed.body.firstChild.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      out.append(mark);
    } else {
      out.append(node.textContent);
    }
  }
  return out;
}

function span(className, text) {
  const item = document.createElement("span");
  item.className = className;
  item.textContent = text;
  return item;
}

function card(data) {
  const meta = data.meta;
  const item = document.createElement("li");
  item.className = "tape";
  const label = document.createElement("article");
  label.className = "tape-label";
  const title = document.createElement("h2");
  title.className = "tape-title";
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = meta.title;
  title.append(link);
  const facts = document.createElement("p");
  facts.className = "tape-meta";
  const rating = span("rating-chip", "");
  const word = span("rating-word", "Rating:");
  const value = document.createElement("strong");
  value.textContent = meta.rating;
  rating.append(word, " ", value);
  facts.append(
    span("year", meta.year), " ", rating, " ",
    span("read-time", `${meta.minutes} min read`), " ", span("byline", `By ${meta.author}`),
  );
  const meter = span("meter", "");
  meter.setAttribute("aria-hidden", "true");
  meter.style.setProperty("--fill", `${meta.fill}%`);
  meter.style.setProperty("--segments", root.dataset.segments);
  label.append(title, facts, meter, excerpt(data.excerpt));
  item.append(label);
  return item;
}

function chosen() {
  const picked = {};
  for (const select of filters) {
    if (select.value) picked[select.dataset.filter] = select.value;
  }
  return picked;
}

function remember(text) {
  const address = new URL(location.href);
  if (text) address.searchParams.set("q", text);
  else address.searchParams.delete("q");
  history.replaceState(null, "", address);
}

let pagefind;
let latest = 0;
let results = [];

// The next SHOWN results as cards, after those shown already.
async function showMore(turn) {
  const next = results.slice(list.children.length, list.children.length + SHOWN);
  const cards = await Promise.all(next.map((result) => result.data()));
  if (turn !== latest) return;
  list.append(...cards.map(card));
  const count = results.length;
  const shown = list.children.length < count ? `; ${list.children.length} shown` : "";
  say(count === 0 ? "No review matches." : `${count} review${count === 1 ? "" : "s"} found${shown}.`);
  more.hidden = list.children.length >= count;
}

async function run() {
  const turn = ++latest;
  const text = query.value.trim();
  const picked = chosen();
  remember(text);
  if (!text && Object.keys(picked).length === 0) {
    results = [];
    list.replaceChildren();
    more.hidden = true;
    say("Type a title, a director, an actor or a phrase.");
    return;
  }
  say("Searching…");
  const found = await pagefind.search(text || null, { filters: picked });
  const ordered = sort.value ? await sorted(found.results, sort.value) : found.results;
  if (turn !== latest) return;
  results = ordered;
  list.replaceChildren();
  await showMore(turn);
}

// Results in the order picked ("rating:desc"), best match first among equals; a result
// without that key is left out, as Pagefind's own sorting does.
async function sorted(found, picked) {
  sortKeys ??= fetch(sidecar("sorts.json")).then((response) => response.json());
  const { keys, pages } = await sortKeys;
  const [key, direction] = picked.split(":");
  const at = keys.indexOf(key);
  const value = (result) => pages[result.id]?.[at] ?? null;
  const sign = direction === "desc" ? -1 : 1;
  const known = found.filter((result) => value(result) !== null);
  return known.sort((a, b) => sign * (value(a) - value(b)));
}

async function fillFilters() {
  const known = await (await fetch(sidecar("filters.json"))).json();
  for (const select of filters) {
    for (const name of known[select.dataset.filter] || []) {
      const option = document.createElement("option");
      option.value = option.textContent = name;
      select.append(option);
    }
  }
}

async function start() {
  try {
    pagefind = await import(root.dataset.bundle);
    // On the page's own thread: a worker would cost a second script of 40 KB to fetch.
    const baseUrl = new URL(root.dataset.site, location.href).pathname;
    await pagefind.options({ baseUrl, noWorker: true });
  } catch {
    return; // no index: the page keeps its message and browse links
  }
  fallback.hidden = true;
  root.hidden = false;
  query.value = new URL(location.href).searchParams.get("q") || "";
  form.addEventListener("submit", (event) => event.preventDefault());
  query.addEventListener("input", run);
  sort.addEventListener("change", run);
  for (const select of filters) select.addEventListener("change", run);
  more.addEventListener("click", () => showMore(latest));
  await fillFilters();
  query.focus();
  await run();
}

start();
