// dossier-serve's search page. Plain JavaScript, no framework: the URL is the
// whole state (a view can be shared, the back button works), and everything
// that comes from a document is put in the page as text (textContent,
// createElement), never as markup.
'use strict';

(function () {
  const FACETS = [
    { name: 'country', label: 'Country' },
    { name: 'incident', label: 'Incident' },
    { name: 'actor', label: 'Threat actor' },
    { name: 'org', label: 'Organisation' },
    // The API takes one language (lang= once): radio buttons, not checkboxes.
    { name: 'lang', label: 'Language', single: true },
  ];
  const FACET_NAMES = FACETS.map((f) => f.name);
  const REQUESTED_FACETS = FACET_NAMES.concat(['year', 'month']).join(',');
  const DEFAULT_LIMIT = 10;
  const DATE_PATTERN = /^\d{4}(-\d{2}(-\d{2})?)?$/;
  // More months than this on the time line, and it shows years.
  const MAX_MONTH_BARS = 120;

  const $ = (id) => document.getElementById(id);
  const ui = {
    form: $('search-form'), q: $('q'), sort: $('sort'), displayLang: $('display-lang'),
    progress: $('progress'), status: $('status'), error: $('error'),
    sidebar: $('sidebar'), facets: $('facets'), resultsView: $('results-view'),
    timeline: $('timeline'), histogram: $('histogram'), axis: $('histogram-axis'),
    since: $('since'), until: $('until'), applyRange: $('apply-range'), granularity: $('granularity'),
    activeFilters: $('active-filters'), heading: $('results-heading'), took: $('took'),
    suggestion: $('suggestion'), results: $('results'), pager: $('pager'), docView: $('doc-view'),
    tokenForm: $('token-form'), token: $('token'), tokenMessage: $('token-message'),
    saved: $('saved-searches'), savedList: $('saved-list'),
  };
  // The bearer token of a server started with --token-file, as the reader
  // typed it: kept for this tab only (sessionStorage), sent with every API
  // request.
  const TOKEN_KEY = 'dossier-token';
  let memoryToken = ''; // where sessionStorage is refused

  // Names of facet values seen so far (value -> name), so that a chosen
  // value keeps its name when a later answer no longer lists it.
  const knownNames = {};
  let inFlight = null;
  let lastSearch = null; // { key, data } of the last search shown
  // Titles of documents seen (key -> title), for "Documents like …".
  const knownTitles = {};

  // ---------- state <-> URL ----------

  function emptyState() {
    const s = { q: '', since: '', until: '', sort: '', offset: 0, limit: DEFAULT_LIMIT,
      displayLang: '', hist: '', doc: '', page: 0, like: '' };
    for (const f of FACET_NAMES) s[f] = [];
    return s;
  }

  function stateFromUrl(search) {
    const p = new URLSearchParams(search);
    const s = emptyState();
    s.q = p.get('q') || '';
    for (const f of FACET_NAMES) s[f] = unique(p.getAll(f).filter((v) => v !== ''));
    for (const f of FACETS) if (f.single) s[f.name] = s[f.name].slice(-1);
    s.since = p.get('since') || '';
    s.until = p.get('until') || '';
    const sort = p.get('sort') || '';
    s.sort = ['relevance', 'newest', 'oldest'].includes(sort) ? sort : '';
    s.offset = nonNegative(p.get('offset'), 0);
    s.limit = nonNegative(p.get('limit'), DEFAULT_LIMIT) || DEFAULT_LIMIT;
    s.displayLang = p.get('display_lang') || '';
    const hist = p.get('hist') || '';
    s.hist = hist === 'year' || hist === 'month' ? hist : '';
    s.doc = p.get('doc') || '';
    s.page = nonNegative(p.get('page'), 0);
    s.like = p.get('like') || '';
    return s;
  }

  // The search part of a state as query parameters, in a stable order.
  function searchParams(s) {
    const p = new URLSearchParams();
    if (s.q) p.set('q', s.q);
    for (const f of FACET_NAMES) for (const v of s[f]) p.append(f, v);
    if (s.since) p.set('since', s.since);
    if (s.until) p.set('until', s.until);
    if (s.sort) p.set('sort', s.sort);
    if (s.offset) p.set('offset', String(s.offset));
    if (s.limit !== DEFAULT_LIMIT) p.set('limit', String(s.limit));
    if (s.displayLang) p.set('display_lang', s.displayLang);
    return p;
  }

  function urlOf(s) {
    const p = searchParams(s);
    if (s.like) p.set('like', s.like);
    if (s.hist) p.set('hist', s.hist);
    if (s.doc) {
      p.set('doc', s.doc);
      if (s.page) p.set('page', String(s.page));
    }
    const query = p.toString();
    return '/' + (query ? '?' + query : '');
  }

  function currentState() {
    return stateFromUrl(window.location.search);
  }

  // Moves to state `s`: a new history entry, then the view for it.
  function go(s, options) {
    const url = urlOf(s);
    if (url !== window.location.pathname + window.location.search) {
      history.pushState({ dossier: true, fromResults: Boolean(options && options.fromResults) }, '', url);
    }
    render(s, options);
  }

  function withChanges(changes) {
    const s = Object.assign(currentState(), changes);
    if (!('offset' in changes)) s.offset = 0;
    if (!('doc' in changes)) { s.doc = ''; s.page = 0; }
    return s;
  }

  // ---------- requests ----------

  async function getJson(path, params, signal) {
    const url = path + '?' + params.toString();
    let response;
    try {
      const headers = { Accept: 'application/json' };
      const token = storedToken();
      if (token) headers.Authorization = 'Bearer ' + token;
      response = await fetch(url, { signal, headers, credentials: 'same-origin' });
    } catch (e) {
      if (e.name === 'AbortError') throw e;
      throw { error: 'The server did not answer.', hint: 'Is dossier-serve still running? ' + String(e.message || e) };
    }
    let body = null;
    try {
      body = await response.json();
    } catch (e) {
      body = null;
    }
    if (!response.ok || body === null || typeof body !== 'object') {
      const error = body && typeof body.error === 'string' ? body.error
        : 'The server answered ' + response.status + ' ' + response.statusText + '.';
      const hint = body && typeof body.hint === 'string' ? body.hint : '';
      if (response.status === 401) askForToken(Boolean(storedToken()));
      throw { error, hint, status: response.status };
    }
    return body;
  }

  function startRequest() {
    if (inFlight) inFlight.abort();
    inFlight = new AbortController();
    ui.progress.hidden = false;
    document.body.setAttribute('aria-busy', 'true');
    return inFlight;
  }

  function cancelRequest() {
    if (inFlight) {
      const controller = inFlight;
      controller.abort();
      endRequest(controller);
    }
  }

  function endRequest(controller) {
    if (inFlight !== controller) return false;
    inFlight = null;
    ui.progress.hidden = true;
    document.body.removeAttribute('aria-busy');
    return true;
  }

  // ---------- rendering ----------

  function render(s, options) {
    syncControls(s);
    if (s.doc) {
      showDocument(s, options);
    } else {
      showResults(s, options);
    }
  }

  function syncControls(s) {
    ui.q.value = s.q;
    ui.sort.value = s.sort || (s.q || s.like ? 'relevance' : 'newest');
    ui.displayLang.value = s.displayLang;
    if (ui.displayLang.value !== s.displayLang) {
      // A language the list does not offer (from a shared URL): add it.
      ui.displayLang.appendChild(el('option', { value: s.displayLang }, s.displayLang));
      ui.displayLang.value = s.displayLang;
    }
    ui.since.value = s.since;
    ui.until.value = s.until;
    document.title = (s.q ? s.q + ' · ' : '') + 'dossier';
  }

  async function showResults(s, options) {
    ui.docView.hidden = true;
    ui.resultsView.hidden = false;
    ui.sidebar.hidden = false;
    const params = searchParams(s);
    params.set('facets', REQUESTED_FACETS);
    // More like this: the same parameters narrow the documents like s.like.
    const endpoint = s.like ? '/api/like' : '/api/search';
    if (s.like) params.set('key', s.like);
    const key = endpoint + '?' + params.toString();
    // Back from a document, or a facet undone: the last answer is this one.
    // A search submitted again asks afresh (the index may have changed).
    if (lastSearch && lastSearch.key === key && !(options && options.fresh)) {
      cancelRequest();
      hideError();
      drawResults(s, lastSearch.data, options);
      return;
    }
    const controller = startRequest();
    try {
      const data = await getJson(endpoint, params, controller.signal);
      if (!endRequest(controller)) return;
      lastSearch = { key, data };
      hideError();
      drawResults(s, data, options);
    } catch (e) {
      if (e && e.name === 'AbortError') return;
      if (!endRequest(controller)) return;
      lastSearch = null;
      showError(e);
      clear(ui.results); clear(ui.pager); clear(ui.facets);
      ui.timeline.hidden = true;
      ui.heading.textContent = 'No results';
      ui.took.textContent = '';
      ui.suggestion.hidden = true;
      drawActiveFilters(s);
      rendered(s);
    }
  }

  function drawResults(s, data, options) {
    rememberNames(data.facets || {});
    drawFacets(s, data.facets || {});
    drawTimeline(s, data.facets || {});
    drawActiveFilters(s);
    drawSummary(s, data);
    drawHits(s, data.hits || []);
    drawPager(s, data);
    if (options && options.focusResults) ui.heading.focus();
    rendered(s);
  }

  // Tells whoever watches (the browser tests) which URL the page now shows.
  function rendered(s) {
    document.documentElement.dataset.rendered = urlOf(s);
  }

  let namesLanguage = null;
  function rememberNames(facets) {
    const language = currentState().displayLang;
    if (language !== namesLanguage) {
      for (const f of Object.keys(knownNames)) delete knownNames[f];
      namesLanguage = language;
    }
    for (const f of Object.keys(facets)) {
      const values = (facets[f] && facets[f].values) || [];
      knownNames[f] = knownNames[f] || {};
      for (const v of values) if (v.name) knownNames[f][v.value] = v.name;
    }
  }

  const regionNames = {};
  function nameOf(facet, value) {
    const known = knownNames[facet] && knownNames[facet][value];
    if (known) return known;
    if (facet === 'country' && /^[A-Z]{2}$/.test(value)) {
      const locale = currentState().displayLang || 'en';
      try {
        regionNames[locale] = regionNames[locale] || new Intl.DisplayNames([locale], { type: 'region' });
        return regionNames[locale].of(value) || value;
      } catch (e) {
        return value;
      }
    }
    return value;
  }

  function drawSummary(s, data) {
    const total = Number(data.estimated_total) || 0;
    const exact = data.total_exact !== false;
    const shown = (data.hits || []).length;
    let text;
    if (total === 0) {
      text = s.like ? 'No documents like this one' : s.q ? 'No documents match' : 'No documents';
    } else {
      const count = (exact ? '' : 'about ') + formatNumber(total) + (total === 1 ? ' document' : ' documents');
      const from = (Number(data.offset) || 0) + 1;
      text = shown > 0 && total > shown
        ? from + '–' + (from + shown - 1) + ' of ' + count
        : capitalize(count);
    }
    ui.heading.textContent = text;
    ui.took.textContent = typeof data.took_ms === 'number' ? formatNumber(data.took_ms) + ' ms' : '';
    ui.status.textContent = text;
    clear(ui.suggestion);
    if (typeof data.suggestion === 'string' && data.suggestion && data.suggestion !== s.q) {
      const link = el('a', { href: urlOf(withChanges({ q: data.suggestion })) }, data.suggestion);
      link.addEventListener('click', (event) => {
        if (!plainClick(event)) return;
        event.preventDefault();
        go(withChanges({ q: data.suggestion }), { focusResults: true });
      });
      ui.suggestion.append('Did you mean ', link, '?');
      ui.suggestion.hidden = false;
    } else {
      ui.suggestion.hidden = true;
    }
  }

  function drawHits(s, hits) {
    clear(ui.results);
    ui.results.start = (s.offset || 0) + 1;
    for (const hit of hits) ui.results.appendChild(hitItem(s, hit));
  }

  function hitItem(s, hit) {
    if (hit.title) knownTitles[String(hit.key)] = String(hit.title);
    const page = pageOf(hit);
    const target = Object.assign(currentState(), { doc: String(hit.key), page: page || 0 });
    const title = el('a', { href: urlOf(target), class: 'hit-title' }, hit.title || baseName(hit.key));
    title.addEventListener('click', (event) => {
      if (!plainClick(event)) return;
      event.preventDefault();
      go(target, { fromResults: true, scrollFrom: window.scrollY });
    });

    const meta = el('div', { class: 'hit-meta' });
    addMeta(meta, hit.date ? formatDate(hit.date, hit.date_precision) : 'undated', 'hit-date',
      hit.date_source && hit.date_source !== 'metadata' && hit.date_source !== 'text' ? 'date from the file\'s ' + hit.date_source : '');
    if (hit.lang) addMeta(meta, languageName(hit.lang, s.displayLang), 'hit-lang');
    if (hit.source) addMeta(meta, hit.source, 'hit-source');
    if (hit.format && hit.format !== 'text') addMeta(meta, String(hit.format).toUpperCase() + (page ? ', page ' + page : ''), 'hit-format');
    if (hit.copy_count > 0) addMeta(meta, '+' + hit.copy_count + (hit.copy_count === 1 ? ' copy' : ' copies'), 'hit-copies');

    const snippet = el('p', { class: 'snippet' });
    appendHighlighted(snippet, String(hit.snippet || ''), codePointRanges(String(hit.snippet || ''), hit.highlights));

    const item = el('li', { class: 'hit', 'data-key': String(hit.key), 'data-date': hit.date || '' },
      el('h3', {}, title), meta, snippet);
    const tags = entityTags(hit.entities);
    if (tags) item.appendChild(tags);
    const where = el('div', { class: 'hit-path' }, String(hit.location || hit.key || ''));
    if (page) where.appendChild(el('a', { href: urlOf(target), class: 'page-link', 'aria-label': 'Open page ' + page }, ' → page ' + page));
    item.appendChild(where);
    return item;
  }

  function addMeta(container, text, cls, title) {
    const span = el('span', { class: cls }, text);
    if (title) span.title = title;
    container.appendChild(span);
  }

  function entityTags(entities) {
    if (!entities || typeof entities !== 'object') return null;
    const box = el('div', { class: 'hit-tags' });
    for (const f of ['country', 'incident', 'actor', 'org']) {
      const values = Array.isArray(entities[f]) ? entities[f] : [];
      for (const v of values.slice(0, 8)) {
        box.appendChild(el('span', { class: 'tag tag-' + f, title: facetLabel(f) }, nameOf(f, String(v))));
      }
      if (values.length > 8) box.appendChild(el('span', { class: 'tag tag-more' }, '+' + (values.length - 8)));
    }
    return box.childNodes.length ? box : null;
  }

  function pageOf(hit) {
    if (typeof hit.page === 'number' && hit.page > 0) return hit.page;
    const match = /#page=(\d+)$/.exec(String(hit.location || ''));
    return match ? Number(match[1]) : 0;
  }

  // The snippet's highlights are [begin, end) in Unicode code points: turn
  // them into UTF-16 indices, which is what JavaScript strings count.
  function codePointRanges(text, highlights) {
    if (!Array.isArray(highlights) || highlights.length === 0) return [];
    const utf16At = [0];
    let index = 0;
    for (const ch of text) {
      index += ch.length;
      utf16At.push(index);
    }
    const last = utf16At.length - 1;
    const ranges = [];
    for (const h of highlights) {
      if (!Array.isArray(h) || h.length < 2) continue;
      const begin = Math.max(0, Math.min(last, Number(h[0]) | 0));
      const end = Math.max(begin, Math.min(last, Number(h[1]) | 0));
      if (end > begin) ranges.push([utf16At[begin], utf16At[end]]);
    }
    return ranges;
  }

  // Appends `text` to `container` with <mark> around each [begin, end)
  // (UTF-16 indices), as text nodes only. Returns the marks.
  function appendHighlighted(container, text, ranges, breaks) {
    const points = new Set([0, text.length]);
    const sorted = normalizeRanges(ranges, text.length);
    for (const [b, e] of sorted) { points.add(b); points.add(e); }
    const pageStarts = new Map();
    for (const br of breaks || []) {
      if (br.at > 0 && br.at < text.length) { points.add(br.at); pageStarts.set(br.at, br.node); }
    }
    const cuts = Array.from(points).sort((a, b) => a - b);
    const marks = [];
    let r = 0;
    for (let i = 0; i + 1 < cuts.length; ++i) {
      const begin = cuts[i];
      const end = cuts[i + 1];
      if (pageStarts.has(begin)) container.appendChild(pageStarts.get(begin));
      while (r < sorted.length && sorted[r][1] <= begin) ++r;
      const piece = text.slice(begin, end);
      if (r < sorted.length && sorted[r][0] <= begin && end <= sorted[r][1]) {
        const mark = el('mark', {}, piece);
        marks.push(mark);
        container.appendChild(mark);
      } else {
        container.appendChild(document.createTextNode(piece));
      }
    }
    return marks;
  }

  function normalizeRanges(ranges, length) {
    const sorted = (ranges || [])
      .map(([b, e]) => [Math.max(0, Math.min(length, b)), Math.max(0, Math.min(length, e))])
      .filter(([b, e]) => e > b)
      .sort((x, y) => x[0] - y[0]);
    const merged = [];
    for (const range of sorted) {
      const top = merged[merged.length - 1];
      if (top && range[0] <= top[1]) top[1] = Math.max(top[1], range[1]);
      else merged.push(range.slice());
    }
    return merged;
  }

  function drawPager(s, data) {
    clear(ui.pager);
    const total = Number(data.estimated_total) || 0;
    const offset = Number(data.offset) || 0;
    const limit = s.limit;
    const shown = (data.hits || []).length;
    if (total <= limit && offset === 0) return;
    const pages = Math.max(1, Math.ceil(total / limit));
    const current = Math.floor(offset / limit) + 1;
    const prev = pagerLink('← Previous', offset > 0 ? Math.max(0, offset - limit) : null, 'prev');
    const next = pagerLink('Next →', offset + shown < total ? offset + limit : null, 'next');
    const where = el('span', { class: 'pager-where' },
      'Page ' + formatNumber(current) + ' of ' + (data.total_exact === false ? 'about ' : '') + formatNumber(pages));
    ui.pager.append(prev, where, next);
  }

  function pagerLink(text, offset, rel) {
    if (offset === null) return el('span', { class: 'pager-link disabled', 'aria-disabled': 'true' }, text);
    const target = withChanges({ offset });
    const link = el('a', { class: 'pager-link', href: urlOf(target), rel }, text);
    link.addEventListener('click', (event) => {
      if (!plainClick(event)) return;
      event.preventDefault();
      go(target, { focusResults: true });
    });
    return link;
  }

  // ---------- facets ----------

  function drawFacets(s, facets) {
    const wasFocused = document.activeElement && document.activeElement.dataset
      ? { facet: document.activeElement.dataset.facet, value: document.activeElement.value } : null;
    clear(ui.facets);
    for (const facet of FACETS) {
      const answer = facets[facet.name] || { values: [], other_values: 0 };
      const chosen = s[facet.name];
      const values = (answer.values || []).slice();
      for (const value of chosen) {
        if (!values.some((v) => v.value === value)) values.push({ value, name: nameOf(facet.name, value), count: 0 });
      }
      if (values.length === 0) continue;
      const group = el('section', { class: 'facet', 'data-facet': facet.name });
      const headingId = 'facet-' + facet.name;
      const heading = el('h2', { id: headingId, class: 'facet-heading' }, facet.label);
      if (chosen.length) heading.appendChild(el('span', { class: 'facet-chosen' }, ' · ' + chosen.length + ' chosen'));
      if (answer.exact === false) heading.appendChild(el('span', { class: 'facet-estimate', title: 'Counts are estimates' }, ' ≈'));
      group.appendChild(heading);
      const list = el('ul', { class: 'facet-values', role: 'list', 'aria-labelledby': headingId });
      const max = Math.max(1, ...values.map((v) => Number(v.count) || 0));
      if (facet.single && chosen.length) {
        const id = 'f-' + facet.name + '-any';
        const any = el('input', { type: 'radio', id, name: 'facet-' + facet.name, value: '', 'data-facet': facet.name });
        any.addEventListener('change', () => go(withChanges({ [facet.name]: [] })));
        list.appendChild(el('li', { class: 'facet-any' }, any,
          el('label', { for: id }, el('span', { class: 'facet-name' }, 'Any ' + facet.label.toLowerCase()))));
      }
      for (const v of values) {
        const id = 'f-' + facet.name + '-' + cssSafe(v.value);
        const box = el('input', { type: facet.single ? 'radio' : 'checkbox', id, value: v.value, 'data-facet': facet.name,
          name: facet.single ? 'facet-' + facet.name : '' });
        box.checked = chosen.includes(v.value);
        box.addEventListener('change', () => {
          if (facet.single) go(withChanges({ [facet.name]: box.checked ? [v.value] : [] }));
          else toggleFacet(facet.name, v.value, box.checked);
        });
        const count = Number(v.count) || 0;
        const bar = el('span', { class: 'facet-bar', 'aria-hidden': 'true' });
        bar.style.width = (100 * count / max).toFixed(1) + '%';
        const label = el('label', { for: id, title: v.name && v.name !== v.value ? v.value : '' },
          el('span', { class: 'facet-name' }, v.name || v.value),
          el('span', { class: 'facet-count' }, formatNumber(count)),
          bar);
        list.appendChild(el('li', { class: box.checked ? 'chosen' : '' }, box, label));
      }
      group.appendChild(list);
      if (answer.other_values > 0) {
        group.appendChild(el('p', { class: 'facet-more' },
          '+ ' + formatNumber(answer.other_values) + ' more ' + (answer.other_values === 1 ? 'value' : 'values') +
          (facet.name === 'lang' ? '' : '; narrow the search to see them')));
      }
      ui.facets.appendChild(group);
    }
    if (!ui.facets.childNodes.length) ui.facets.appendChild(el('p', { class: 'facet-none' }, 'No facet values for these documents.'));
    if (wasFocused && wasFocused.facet) {
      const again = ui.facets.querySelector('input[data-facet="' + wasFocused.facet + '"][value="' + cssEscape(wasFocused.value) + '"]');
      if (again) again.focus();
    }
  }

  function toggleFacet(facet, value, on) {
    const s = currentState();
    const values = s[facet].filter((v) => v !== value);
    if (on) values.push(value);
    go(withChanges({ [facet]: values }));
  }

  function drawActiveFilters(s) {
    clear(ui.activeFilters);
    const chips = [];
    if (s.like) {
      chips.push(filterChip('Like', knownTitles[s.like] || baseName(s.like), () => go(withChanges({ like: '' }))));
    }
    for (const facet of FACETS) {
      for (const value of s[facet.name]) {
        chips.push(filterChip(facet.label, nameOf(facet.name, value), () => {
          go(withChanges({ [facet.name]: currentState()[facet.name].filter((v) => v !== value) }));
        }));
      }
    }
    if (s.since || s.until) {
      const text = s.since && s.until ? (s.since === s.until ? s.since : s.since + ' – ' + s.until)
        : s.since ? 'from ' + s.since : 'until ' + s.until;
      chips.push(filterChip('Date', text, () => go(withChanges({ since: '', until: '' }))));
    }
    if (!chips.length) { ui.activeFilters.hidden = true; return; }
    ui.activeFilters.hidden = false;
    for (const chip of chips) ui.activeFilters.appendChild(chip);
    if (chips.length > 1) {
      const all = el('button', { type: 'button', class: 'quiet clear-all' }, 'Clear all filters');
      all.addEventListener('click', () => {
        const changes = { since: '', until: '' };
        for (const f of FACET_NAMES) changes[f] = [];
        go(withChanges(changes));
      });
      ui.activeFilters.appendChild(all);
    }
  }

  function filterChip(kind, text, remove) {
    const button = el('button', { type: 'button', class: 'chip', 'aria-label': 'Remove filter ' + kind + ': ' + text },
      el('span', { class: 'chip-kind' }, kind), el('span', { class: 'chip-value' }, text),
      el('span', { class: 'chip-x', 'aria-hidden': 'true' }, '×'));
    button.addEventListener('click', remove);
    return button;
  }

  // ---------- time line ----------

  function drawTimeline(s, facets) {
    const years = valuesOf(facets.year).filter((v) => /^\d{4}$/.test(v.value));
    const months = valuesOf(facets.month).filter((v) => /^\d{4}-\d{2}$/.test(v.value));
    if (!years.length && !months.length) { ui.timeline.hidden = true; return; }
    ui.timeline.hidden = false;
    const monthBars = months.length ? fillMonths(months) : [];
    let unit = s.hist;
    if (!unit) unit = monthBars.length && monthBars.length <= 36 ? 'month' : 'year';
    if (unit === 'month' && (!monthBars.length || monthBars.length > MAX_MONTH_BARS)) unit = 'year';
    const bars = unit === 'month' ? monthBars : fillYears(years);
    ui.granularity.textContent = unit === 'month' ? 'Show years' : 'Show months';
    ui.granularity.setAttribute('aria-pressed', unit === 'month' ? 'true' : 'false');
    ui.granularity.dataset.unit = unit;
    ui.granularity.hidden = !(monthBars.length && monthBars.length <= MAX_MONTH_BARS) && unit === 'year';
    const hadFocus = ui.histogram.contains(document.activeElement);
    drawHistogram(s, bars, unit);
    if (hadFocus) {
      const bar = ui.histogram.querySelector('.bar[tabindex="0"]');
      if (bar) bar.focus();
    }
  }

  function valuesOf(answer) {
    return (answer && Array.isArray(answer.values)) ? answer.values : [];
  }

  function fillYears(values) {
    if (!values.length) return [];
    const counts = new Map(values.map((v) => [v.value, Number(v.count) || 0]));
    const numbers = values.map((v) => Number(v.value));
    const first = Math.min(...numbers);
    const last = Math.max(...numbers);
    const bars = [];
    for (let y = first; y <= last; ++y) bars.push({ value: String(y), count: counts.get(String(y)) || 0 });
    return bars;
  }

  function fillMonths(values) {
    const counts = new Map(values.map((v) => [v.value, Number(v.count) || 0]));
    const index = (v) => Number(v.slice(0, 4)) * 12 + Number(v.slice(5, 7)) - 1;
    const numbers = values.map((v) => index(v.value));
    const first = Math.min(...numbers);
    const last = Math.max(...numbers);
    if (last - first + 1 > MAX_MONTH_BARS * 4) return new Array(MAX_MONTH_BARS + 1); // too many: years
    const bars = [];
    for (let i = first; i <= last; ++i) {
      const value = String(Math.floor(i / 12)).padStart(4, '0') + '-' + String(i % 12 + 1).padStart(2, '0');
      bars.push({ value, count: counts.get(value) || 0 });
    }
    return bars;
  }

  function inRange(value, since, until) {
    // Compares by prefix: 2021-03 is within since=2021 and until=2021.
    if (since && value.slice(0, since.length) < since && !since.startsWith(value)) return false;
    if (until && value.slice(0, until.length) > until && !until.startsWith(value)) return false;
    return true;
  }

  function drawHistogram(s, bars, unit) {
    clear(ui.histogram);
    clear(ui.axis);
    const max = Math.max(1, ...bars.map((b) => b.count));
    const filtered = Boolean(s.since || s.until);
    const focusIndex = Math.max(0, bars.findIndex((b) => filtered && inRange(b.value, s.since, s.until)));
    bars.forEach((b, i) => {
      const selected = filtered && inRange(b.value, s.since, s.until);
      const label = (unit === 'month' ? formatMonth(b.value) : b.value) + ': ' + formatNumber(b.count) +
        (b.count === 1 ? ' document' : ' documents');
      const bar = el('button', {
        type: 'button', class: 'bar' + (selected ? ' selected' : '') + (b.count === 0 ? ' empty' : ''),
        'data-value': b.value, 'data-index': String(i), 'aria-label': label, title: label,
        'aria-pressed': selected ? 'true' : 'false', tabindex: i === focusIndex ? '0' : '-1',
      }, el('span', { class: 'bar-fill' }));
      bar.firstChild.style.height = b.count ? Math.max(3, 100 * b.count / max).toFixed(1) + '%' : '0';
      ui.histogram.appendChild(bar);
    });
    ui.histogram.style.setProperty('--bars', String(bars.length));
    // Axis: the first and last period, and a few in between.
    const step = Math.max(1, Math.ceil(bars.length / 8));
    bars.forEach((b, i) => {
      const show = i === 0 || i === bars.length - 1 || (i % step === 0 && bars.length - 1 - i >= step / 2);
      const tick = el('span', { class: 'tick' }, show ? (unit === 'month' ? shortMonth(b.value, i === 0 || b.value.endsWith('-01')) : b.value) : '');
      ui.axis.appendChild(tick);
    });
    ui.histogram.dataset.unit = unit;
  }

  // Click a bar: that period. Drag across bars: from the first to the last.
  function setUpHistogram() {
    let dragStart = null;
    let dragEnd = null;
    const barAt = (event) => {
      const bars = ui.histogram.querySelectorAll('.bar');
      if (!bars.length) return null;
      const box = ui.histogram.getBoundingClientRect();
      const x = Math.max(0, Math.min(box.width - 1, event.clientX - box.left));
      return Math.min(bars.length - 1, Math.floor(x / (box.width / bars.length)));
    };
    const paint = () => {
      const lo = Math.min(dragStart, dragEnd);
      const hi = Math.max(dragStart, dragEnd);
      ui.histogram.querySelectorAll('.bar').forEach((bar, i) => bar.classList.toggle('dragging', i >= lo && i <= hi));
    };
    ui.histogram.addEventListener('pointerdown', (event) => {
      if (event.button !== 0) return;
      const index = barAt(event);
      if (index === null) return;
      event.preventDefault();
      dragStart = dragEnd = index;
      ui.histogram.setPointerCapture(event.pointerId);
      ui.histogram.classList.add('is-dragging');
      paint();
    });
    ui.histogram.addEventListener('pointermove', (event) => {
      if (dragStart === null) return;
      const index = barAt(event);
      if (index !== null && index !== dragEnd) { dragEnd = index; paint(); }
    });
    const finish = (event, apply) => {
      if (dragStart === null) return;
      const index = event ? barAt(event) : null;
      if (index !== null) dragEnd = index;
      const lo = Math.min(dragStart, dragEnd);
      const hi = Math.max(dragStart, dragEnd);
      dragStart = dragEnd = null;
      ui.histogram.classList.remove('is-dragging');
      ui.histogram.querySelectorAll('.bar.dragging').forEach((bar) => bar.classList.remove('dragging'));
      if (apply) applyBars(lo, hi);
    };
    ui.histogram.addEventListener('pointerup', (event) => finish(event, true));
    ui.histogram.addEventListener('pointercancel', () => finish(null, false));
    // Keyboard: the bars are one tab stop; arrows move, Enter or Space picks,
    // Shift+arrows widen the range from the focused bar.
    let anchor = null;
    ui.histogram.addEventListener('keydown', (event) => {
      const bars = Array.from(ui.histogram.querySelectorAll('.bar'));
      const at = bars.indexOf(document.activeElement);
      if (at < 0) return;
      let to = null;
      if (event.key === 'ArrowRight') to = Math.min(bars.length - 1, at + 1);
      else if (event.key === 'ArrowLeft') to = Math.max(0, at - 1);
      else if (event.key === 'Home') to = 0;
      else if (event.key === 'End') to = bars.length - 1;
      else if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        if (anchor !== null) { applyBars(Math.min(anchor, at), Math.max(anchor, at)); anchor = null; }
        else applyBars(at, at);
        return;
      } else if (event.key === 'Escape') {
        anchor = null;
        bars.forEach((bar) => bar.classList.remove('dragging'));
        return;
      }
      if (to === null) return;
      event.preventDefault();
      if (event.shiftKey) { if (anchor === null) anchor = at; } else { anchor = null; }
      bars.forEach((bar, i) => {
        bar.tabIndex = i === to ? 0 : -1;
        bar.classList.toggle('dragging', anchor !== null && i >= Math.min(anchor, to) && i <= Math.max(anchor, to));
      });
      bars[to].focus();
    });
  }

  function applyBars(lo, hi) {
    const bars = ui.histogram.querySelectorAll('.bar');
    if (!bars[lo] || !bars[hi]) return;
    go(withChanges({ since: bars[lo].dataset.value, until: bars[hi].dataset.value }));
  }

  // ---------- document view ----------

  async function showDocument(s, options) {
    ui.resultsView.hidden = true;
    ui.sidebar.hidden = true;
    ui.docView.hidden = false;
    hideError();
    clear(ui.docView);
    ui.docView.appendChild(backLink(s));
    ui.docView.appendChild(el('p', { class: 'loading' }, 'Opening the document…'));
    const params = new URLSearchParams();
    params.set('key', s.doc);
    if (s.q) params.set('q', s.q);
    if (s.displayLang) params.set('display_lang', s.displayLang);
    const controller = startRequest();
    let doc;
    try {
      doc = await getJson('/api/doc', params, controller.signal);
      if (!endRequest(controller)) return;
    } catch (e) {
      if (e && e.name === 'AbortError') return;
      if (!endRequest(controller)) return;
      clear(ui.docView);
      ui.docView.appendChild(backLink(s));
      ui.docView.appendChild(errorBox(e));
      rendered(s);
      return;
    }
    drawDocument(s, doc, options);
  }

  function backLink(s) {
    const target = Object.assign({}, s, { doc: '', page: 0 });
    const link = el('a', { href: urlOf(target), class: 'back-link', id: 'back-to-results' }, '← Back to results');
    link.addEventListener('click', (event) => {
      if (!plainClick(event)) return;
      event.preventDefault();
      backToResults();
    });
    return link;
  }

  // A link to the documents like the one shown (the URL's "like"), within
  // the view's language and names; its query and filters are left behind.
  function moreLikeThis(s) {
    const target = Object.assign(emptyState(), { like: s.doc, displayLang: s.displayLang });
    const link = el('a', { href: urlOf(target), class: 'more-like-this', id: 'more-like-this' }, 'More like this');
    link.addEventListener('click', (event) => {
      if (!plainClick(event)) return;
      event.preventDefault();
      go(target, { focusResults: true });
    });
    return link;
  }

  function backToResults() {
    const s = currentState();
    if (!s.doc) return;
    if (history.state && history.state.fromResults) history.back();
    else go(Object.assign(s, { doc: '', page: 0 }), { focusResults: true });
  }

  function drawDocument(s, doc, options) {
    clear(ui.docView);
    const text = typeof doc.text === 'string' ? doc.text : '';
    const header = el('header', { class: 'doc-header' });
    header.appendChild(backLink(s));
    header.appendChild(el('h1', { id: 'doc-title', tabindex: '-1' }, doc.title || baseName(doc.key || doc.path || s.doc)));
    if (doc.title) knownTitles[s.doc] = String(doc.title);
    header.appendChild(moreLikeThis(s));
    document.title = (doc.title || baseName(s.doc)) + ' · dossier';

    const facts = el('dl', { class: 'doc-facts' });
    const fact = (term, value) => {
      if (value === null || value === undefined || value === '') return;
      facts.append(el('dt', {}, term), el('dd', {}, value));
    };
    fact('Date', doc.date ? formatDate(doc.date, doc.date_precision) + (doc.date_source ? ' (from the ' + doc.date_source + ')' : '') : 'undated');
    fact('Language', doc.lang ? languageName(doc.lang, s.displayLang) : '');
    fact('Source', doc.source || '');
    if (typeof doc.url === 'string' && /^https?:\/\//i.test(doc.url)) {
      const link = el('a', { href: doc.url, rel: 'noopener noreferrer nofollow', target: '_blank' }, doc.url);
      fact('Address', link);
    } else {
      fact('Address', doc.url || '');
    }
    fact('Format', doc.format ? String(doc.format).toUpperCase() + (Array.isArray(doc.pages) ? ', ' + doc.pages.length + ' pages' : '') : '');
    fact('File', String(doc.path || doc.key || s.doc));
    header.appendChild(facts);
    header.appendChild(documentFacets(doc.facets));
    ui.docView.appendChild(header);

    const highlights = Array.isArray(doc.highlights) ? doc.highlights.filter((h) => Array.isArray(h) && h.length >= 2).map((h) => [Number(h[0]) | 0, Number(h[1]) | 0]) : [];
    const body = el('div', { class: 'doc-text', id: 'doc-text', lang: doc.lang || '' });
    const breaks = pageBreaks(text, doc.pages);
    const marks = appendHighlighted(body, text, highlights, breaks);
    if (breaks.length) body.insertBefore(pageMarker(1), body.firstChild);

    if (s.q) ui.docView.appendChild(matchBar(marks, s.q));
    ui.docView.appendChild(body);

    const heading = ui.docView.querySelector('#doc-title');
    const pageNode = s.page ? ui.docView.querySelector('#page-' + s.page) : null;
    if (pageNode) {
      pageNode.scrollIntoView({ block: 'start' });
      pageNode.focus({ preventScroll: true });
    } else {
      window.scrollTo(0, 0);
      heading.focus({ preventScroll: true });
    }
    void options;
    rendered(s);
  }

  // Where each page starts in the whole text (the text is the pages joined).
  function pageBreaks(text, pages) {
    if (!Array.isArray(pages) || pages.length < 2) return [];
    const breaks = [];
    let cursor = 0;
    for (let i = 0; i < pages.length; ++i) {
      const page = String(pages[i]);
      const at = page ? text.indexOf(page, cursor) : cursor;
      if (at < 0) return [];
      if (i > 0) breaks.push({ at, node: pageMarker(i + 1) });
      cursor = at + page.length;
    }
    return breaks;
  }

  function pageMarker(number) {
    return el('span', { class: 'page-marker', id: 'page-' + number, tabindex: '-1', role: 'separator', 'aria-label': 'Page ' + number }, 'Page ' + number);
  }

  function matchBar(marks, q) {
    const bar = el('div', { class: 'match-bar' });
    if (!marks.length) {
      bar.appendChild(el('span', {}, 'The words of “' + q + '” are not in this text as written (they may match its title or an inflected form).'));
      return bar;
    }
    let current = -1;
    const where = el('span', { class: 'match-where', 'aria-live': 'polite' }, formatNumber(marks.length) + (marks.length === 1 ? ' match' : ' matches'));
    const move = (delta) => {
      if (current >= 0) marks[current].classList.remove('current');
      current = (current + delta + marks.length) % marks.length;
      marks[current].classList.add('current');
      marks[current].scrollIntoView({ block: 'center' });
      where.textContent = 'Match ' + formatNumber(current + 1) + ' of ' + formatNumber(marks.length);
    };
    const prev = el('button', { type: 'button', class: 'quiet', id: 'prev-match' }, '↑ Previous');
    const next = el('button', { type: 'button', class: 'quiet', id: 'next-match' }, '↓ Next match');
    prev.addEventListener('click', () => move(-1));
    next.addEventListener('click', () => move(1));
    bar.append(where, prev, next);
    return bar;
  }

  function documentFacets(facets) {
    const box = el('div', { class: 'doc-facets' });
    if (!facets || typeof facets !== 'object') return box;
    for (const facet of FACETS) {
      const values = Array.isArray(facets[facet.name]) ? facets[facet.name] : [];
      if (!values.length) continue;
      const row = el('div', { class: 'doc-facet' }, el('span', { class: 'doc-facet-kind' }, facet.label));
      for (const v of values) {
        const words = Array.isArray(v.words) ? v.words.map(String) : [];
        const via = Array.isArray(v.via) ? v.via.map(String) : [];
        let why = words.length ? 'named as: ' + words.join(', ') : '';
        if (v.inferred && via.length) why = 'inferred through ' + via.join(', ');
        const target = withChanges({ [facet.name]: [String(v.value)], doc: '', page: 0 });
        const link = el('a', { href: urlOf(target), class: 'tag tag-' + facet.name + (v.inferred ? ' inferred' : ''), title: why },
          String(v.name || v.value));
        link.addEventListener('click', (event) => {
          if (!plainClick(event)) return;
          event.preventDefault();
          go(target, { focusResults: true });
        });
        row.appendChild(link);
      }
      box.appendChild(row);
    }
    return box;
  }

  // ---------- the token ----------

  function storedToken() {
    try {
      return window.sessionStorage.getItem(TOKEN_KEY) || memoryToken;
    } catch (e) {
      return memoryToken;
    }
  }

  function storeToken(token) {
    try {
      if (token) window.sessionStorage.setItem(TOKEN_KEY, token);
      else window.sessionStorage.removeItem(TOKEN_KEY);
    } catch (e) {
      // Storage refused (a private window's policy): the token lasts until the page is left.
    }
    memoryToken = token;
  }

  // The server answered 401: ask for the token (again, when the one sent
  // was refused).
  function askForToken(refused) {
    ui.tokenMessage.textContent = refused
      ? 'The server did not accept this token. Enter the token from the file dossier-serve\'s --token-file names.'
      : 'This server needs a token. Enter the token from the file dossier-serve\'s --token-file names.';
    const wasHidden = ui.tokenForm.hidden;
    ui.tokenForm.hidden = false;
    if (wasHidden) {
      ui.token.value = '';
      ui.token.focus();
    }
  }

  // ---------- saved searches ----------

  // The saved searches (dossier-search --save), each a link that runs it.
  // Hidden when there are none, or the server cannot list them.
  async function loadSavedSearches() {
    let data;
    try {
      data = await getJson('/api/saved', new URLSearchParams());
    } catch (e) {
      ui.saved.hidden = true;
      return;
    }
    const searches = Array.isArray(data.saved) ? data.saved : [];
    clear(ui.savedList);
    for (const saved of searches) {
      const target = savedSearchState(saved);
      const link = el('a', { href: urlOf(target), class: 'saved-search', 'data-name': String(saved.name) },
        String(saved.name));
      link.addEventListener('click', (event) => {
        if (!plainClick(event)) return;
        event.preventDefault();
        go(target, { focusResults: true, fresh: true });
      });
      const item = el('li', {}, link);
      const what = savedSearchText(saved);
      if (what) item.appendChild(el('span', { class: 'saved-query' }, what));
      ui.savedList.appendChild(item);
    }
    ui.saved.hidden = searches.length === 0;
  }

  function savedSearchState(saved) {
    const s = Object.assign(emptyState(), { displayLang: currentState().displayLang });
    s.q = typeof saved.query === 'string' ? saved.query : '';
    const filters = saved.filters && typeof saved.filters === 'object' ? saved.filters : {};
    for (const f of FACET_NAMES) {
      if (Array.isArray(filters[f])) s[f] = filters[f].map(String);
    }
    if (typeof saved.lang === 'string' && saved.lang) s.lang = [saved.lang];
    if (typeof saved.since === 'string') s.since = saved.since;
    if (typeof saved.until === 'string') s.until = saved.until;
    return s;
  }

  function savedSearchText(saved) {
    const parts = [];
    if (typeof saved.query === 'string' && saved.query) parts.push('“' + saved.query + '”');
    const filters = saved.filters && typeof saved.filters === 'object' ? saved.filters : {};
    for (const f of FACET_NAMES) {
      if (Array.isArray(filters[f]) && filters[f].length) {
        parts.push(facetLabel(f).toLowerCase() + ' ' + filters[f].map((v) => nameOf(f, String(v))).join(', '));
      }
    }
    if (typeof saved.lang === 'string' && saved.lang) parts.push(languageName(saved.lang, currentState().displayLang));
    if (saved.since || saved.until) parts.push((saved.since || '…') + ' – ' + (saved.until || '…'));
    return parts.join(' · ');
  }

  // ---------- errors ----------

  function errorBox(e) {
    const box = el('div', { class: 'error', role: 'alert' });
    fillError(box, e);
    return box;
  }

  function fillError(box, e) {
    clear(box);
    const message = e && typeof e.error === 'string' ? e.error : String((e && e.message) || e);
    box.appendChild(el('strong', { class: 'error-message' }, message));
    if (e && e.hint) box.appendChild(el('p', { class: 'error-hint' }, e.hint));
  }

  function showError(e) {
    fillError(ui.error, e);
    ui.error.hidden = false;
  }

  function hideError() {
    ui.error.hidden = true;
    clear(ui.error);
  }

  // ---------- small helpers ----------

  // el('a', {href: ...}, 'text', child...): attributes and children, text as text.
  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === null || value === undefined || value === '') continue;
      node.setAttribute(name, String(value));
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function unique(values) {
    return Array.from(new Set(values));
  }

  function nonNegative(text, fallback) {
    if (text === null || !/^\d{1,9}$/.test(text)) return fallback;
    return Number(text);
  }

  function plainClick(event) {
    return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
  }

  function baseName(key) {
    const text = String(key || '');
    return text.slice(text.lastIndexOf('/') + 1) || text;
  }

  function cssSafe(text) {
    return String(text).replace(/[^A-Za-z0-9_-]/g, (c) => '_' + c.codePointAt(0).toString(16));
  }

  function cssEscape(text) {
    return window.CSS && CSS.escape ? CSS.escape(text) : String(text).replace(/["\\]/g, '\\$&');
  }

  function capitalize(text) {
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  function facetLabel(name) {
    const facet = FACETS.find((f) => f.name === name);
    return facet ? facet.label : name;
  }

  const numberFormat = new Intl.NumberFormat('en');
  function formatNumber(n) {
    return numberFormat.format(n);
  }

  const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  function formatMonth(value) {
    return MONTHS[Number(value.slice(5, 7)) - 1] + ' ' + value.slice(0, 4);
  }
  function shortMonth(value, withYear) {
    return withYear ? formatMonth(value) : MONTHS[Number(value.slice(5, 7)) - 1];
  }

  function formatDate(date, precision) {
    const text = String(date);
    if (precision === 'year') return text.slice(0, 4);
    if (precision === 'month' && /^\d{4}-\d{2}/.test(text)) return formatMonth(text.slice(0, 7));
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
    return m ? Number(m[3]) + ' ' + MONTHS[Number(m[2]) - 1] + ' ' + m[1] : text;
  }

  const languageNames = {};
  function languageName(code, displayLang) {
    const known = knownNames.lang && knownNames.lang[code];
    if (known && known !== code) return known;
    const locale = displayLang || 'en';
    try {
      languageNames[locale] = languageNames[locale] || new Intl.DisplayNames([locale], { type: 'language' });
      return languageNames[locale].of(code) || code;
    } catch (e) {
      return code;
    }
  }

  // ---------- wiring ----------

  function setUp() {
    ui.form.addEventListener('submit', (event) => {
      event.preventDefault();
      go(withChanges({ q: ui.q.value.trim() }), { fresh: true });
    });
    ui.sort.addEventListener('change', () => go(withChanges({ sort: ui.sort.value })));
    ui.displayLang.addEventListener('change', () => {
      const s = currentState();
      go(Object.assign(s, { displayLang: ui.displayLang.value }));
    });
    const applyRange = () => {
      const since = ui.since.value.trim();
      const until = ui.until.value.trim();
      for (const [input, value] of [[ui.since, since], [ui.until, until]]) {
        if (value && !DATE_PATTERN.test(value)) {
          showError({ error: 'A date is a year, a month or a day: 2021, 2021-03 or 2021-03-15.', hint: '“' + value + '” is none of these.' });
          input.focus();
          return;
        }
      }
      go(withChanges({ since, until }));
    };
    ui.applyRange.addEventListener('click', applyRange);
    for (const input of [ui.since, ui.until]) {
      input.addEventListener('keydown', (event) => {
        if (event.key === 'Enter') { event.preventDefault(); applyRange(); }
      });
    }
    ui.granularity.addEventListener('click', () => {
      const unit = ui.granularity.dataset.unit === 'month' ? 'year' : 'month';
      const s = currentState();
      history.replaceState(history.state, '', urlOf(Object.assign(s, { hist: unit })));
      render(currentState());
      const again = ui.granularity;
      again.focus();
    });
    $('brand').addEventListener('click', (event) => {
      if (!plainClick(event)) return;
      event.preventDefault();
      go(Object.assign(emptyState(), { displayLang: currentState().displayLang }));
      ui.q.focus();
    });
    ui.tokenForm.addEventListener('submit', (event) => {
      event.preventDefault();
      const token = ui.token.value.trim();
      if (!token) { ui.token.focus(); return; }
      storeToken(token);
      ui.token.value = '';
      ui.tokenForm.hidden = true;
      render(currentState(), { fresh: true });
      loadSavedSearches();
    });
    setUpHistogram();
    window.addEventListener('popstate', () => render(currentState(), { fromHistory: true }));
    document.addEventListener('keydown', (event) => {
      const typing = /^(INPUT|TEXTAREA|SELECT)$/.test((event.target && event.target.tagName) || '');
      if (event.key === '/' && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        ui.q.focus();
        ui.q.select();
      } else if (event.key === 'Escape' && !typing && currentState().doc) {
        event.preventDefault();
        backToResults();
      }
    });
    const s = currentState();
    history.replaceState({ dossier: true }, '', urlOf(s));
    render(s);
    loadSavedSearches();
    if (!s.doc && !s.q) ui.q.focus();
  }

  setUp();
})();
