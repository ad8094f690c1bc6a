// lenscribe's figure script: progressive enhancement only. Without it every figure is complete
// (its marks keep their <title> tooltips); with it a reader selects a mark by pointer, tap or
// keyboard (focus the figure, then the arrow keys; Escape clears) and reads it under the figure.
// Logit-lens cells also show the selected guess's rank in every layer of their column, an
// attention head its pattern, and a chart's series stays highlighted while one of its lines or
// legend entries is selected.
(() => {
  'use strict';
  const NS = 'http://www.w3.org/2000/svg';

  // A heatmap too large for a mark per cell (its cells merged by colour) carries its guesses
  // on the root; the cell under the pointer, or moved to with the arrow keys, is read out.
  function setUpGrid(svg) {
    const grid = JSON.parse(svg.getAttribute('data-grid'));
    const rows = grid.top.length;
    const columns = rows ? grid.top[0].length : 0;
    const readout = document.createElement('div');
    readout.className = 'lens-readout';
    readout.setAttribute('aria-live', 'polite');
    readout.textContent = 'Point at a cell, or focus the figure and use the arrow keys, to read its guesses.';
    svg.after(readout);
    svg.setAttribute('tabindex', '0');
    const marker = document.createElementNS(NS, 'rect');
    marker.setAttribute('class', 'lens-selected');
    marker.setAttribute('width', grid.w);
    marker.setAttribute('height', grid.h);
    marker.setAttribute('fill', 'none');
    let at = null;
    function show(row, column) {
      row = Math.max(0, Math.min(rows - 1, row));
      column = Math.max(0, Math.min(columns - 1, column));
      at = [row, column];
      marker.setAttribute('x', grid.x + column * grid.w);
      marker.setAttribute('y', grid.y + row * grid.h);
      if (!marker.parentNode) svg.append(marker);
      readout.textContent = '';
      const heading = document.createElement('p');
      heading.textContent = grid.layers[row] + ' \u00b7 token ' + column + ' ' + grid.tokens[column];
      const list = document.createElement('ol');
      for (const [text, probability] of grid.top[row][column]) {
        const item = document.createElement('li');
        const token = document.createElement('code');
        token.textContent = text;
        item.append(token, ' ' + probability.toFixed(3));
        list.append(item);
      }
      readout.append(heading, list);
    }
    function locate(event) {
      const point = new DOMPoint(event.clientX, event.clientY).matrixTransform(svg.getScreenCTM().inverse());
      const row = Math.floor((point.y - grid.y) / grid.h);
      const column = Math.floor((point.x - grid.x) / grid.w);
      if (row >= 0 && row < rows && column >= 0 && column < columns) show(row, column);
    }
    svg.addEventListener('pointermove', locate);
    svg.addEventListener('click', locate);
    svg.addEventListener('focus', () => { if (!at) show(0, columns - 1); });
    svg.addEventListener('keydown', event => {
      if (event.key === 'Escape') { marker.remove(); at = null; return; }
      const move = { ArrowRight: [0, 1], ArrowLeft: [0, -1], ArrowDown: [1, 0], ArrowUp: [-1, 0] }[event.key];
      if (!move) return;
      event.preventDefault();
      const [row, column] = at || [0, columns - 1];
      show(row + move[0], column + move[1]);
      marker.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    });
  }

  function setUp(svg) {
    if (svg.hasAttribute('data-grid')) { setUpGrid(svg); return; }
    const marks = [...svg.querySelectorAll('title')]
      .map(title => title.parentElement)
      .filter(mark => mark && mark.tagName !== 'svg');
    if (marks.length === 0) return;
    const readout = document.createElement('div');
    readout.className = 'lens-readout';
    readout.setAttribute('aria-live', 'polite');
    readout.textContent = 'Hover, tap or focus the figure and use the arrow keys to read a '
      + (svg.querySelector('[data-top]') ? 'cell.' : 'mark.');
    svg.after(readout);
    svg.setAttribute('tabindex', '0');
    let selected = null;
    let badges = [];

    const tooltip = mark => mark.querySelector(':scope > title').textContent;
    const centre = mark => {
      const box = mark.getBBox();
      return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    };

    function clear() {
      if (selected) selected.classList.remove('lens-selected');
      badges.forEach(badge => badge.remove());
      badges = [];
      svg.classList.remove('lens-pinned');
      svg.querySelectorAll('.lens-on').forEach(el => el.classList.remove('lens-on'));
      selected = null;
    }

    function select(mark) {
      if (mark === selected) return;
      clear();
      selected = mark;
      mark.classList.add('lens-selected');
      const series = mark.getAttribute('data-series');
      if (series !== null) {
        svg.classList.add('lens-pinned');
        svg.querySelectorAll('[data-series="' + series + '"]')
          .forEach(el => el.classList.add('lens-on'));
      }
      if (mark.hasAttribute('data-top')) showCell(mark);
      else if (mark.hasAttribute('data-pattern')) showPattern(mark);
      else readout.textContent = tooltip(mark);
    }

    // An attention head: its tooltip, then its pattern as a small query x key grid whose
    // cells are as opaque as the weight (row q: what query token q attends to).
    function showPattern(cell) {
      const rows = JSON.parse(cell.getAttribute('data-pattern'));
      const tokens = JSON.parse(svg.getAttribute('data-tokens') || '[]');
      readout.textContent = '';
      const heading = document.createElement('p');
      heading.textContent = tooltip(cell);
      const n = rows.length;
      const size = Math.max(3, Math.min(16, Math.floor(240 / n)));
      const left = 72;
      const grid = document.createElementNS(NS, 'svg');
      grid.setAttribute('class', 'lens-pattern');
      grid.setAttribute('width', left + n * size + 4);
      grid.setAttribute('height', n * size + 4);
      grid.setAttribute('role', 'img');
      rows.forEach((row, query) => {
        if (size >= 10 && tokens[query] !== undefined) {
          const label = document.createElementNS(NS, 'text');
          label.setAttribute('x', left - 4);
          label.setAttribute('y', query * size + size - 2);
          label.setAttribute('text-anchor', 'end');
          label.textContent = tokens[query].length > 10 ? tokens[query].slice(0, 9) + '\u2026' : tokens[query];
          grid.append(label);
        }
        row.forEach((weight, key) => {
          const rect = document.createElementNS(NS, 'rect');
          rect.setAttribute('x', left + key * size);
          rect.setAttribute('y', query * size);
          rect.setAttribute('width', size);
          rect.setAttribute('height', size);
          rect.setAttribute('fill-opacity', Math.max(0.03, weight));
          const title = document.createElementNS(NS, 'title');
          title.textContent = (tokens[query] || query) + ' \u2192 ' + (tokens[key] || key) + ': ' + weight;
          rect.append(title);
          grid.append(rect);
        });
      });
      const note = document.createElement('p');
      note.textContent = 'Rows: each query token; columns: the earlier tokens it attends to; the more solid a cell, the more attention.';
      readout.append(heading, grid, note);
    }

    // A logit-lens cell: its top guesses, then where its first guess ranks in each layer.
    function showCell(cell) {
      const guesses = JSON.parse(cell.getAttribute('data-top'));
      const lines = tooltip(cell).split('\n');
      readout.textContent = '';
      const heading = document.createElement('p');
      heading.textContent = lines[0];
      const list = document.createElement('ol');
      for (const [text, probability] of guesses.slice(0, 5)) {
        const item = document.createElement('li');
        const token = document.createElement('code');
        token.textContent = text;
        item.append(token, ' ' + probability.toFixed(3));
        list.append(item);
      }
      readout.append(heading, list);
      if (guesses.length === 0) return;
      const token = guesses[0][0];
      // From the embedding (the bottom row) up to the output.
      const column = [...cell.parentElement.querySelectorAll(':scope > rect[data-top]')]
        .filter(other => other.getAttribute('data-col') === cell.getAttribute('data-col'))
        .sort((a, b) => Number(b.getAttribute('y')) - Number(a.getAttribute('y')));
      const final = column.find(other => other.getAttribute('data-rank') === '1');
      const isFinal = final && JSON.parse(final.getAttribute('data-top'))[0][0] === token;
      const ranks = [];
      for (const other of column) {
        let rank = JSON.parse(other.getAttribute('data-top')).findIndex(g => g[0] === token) + 1;
        if (isFinal && other.hasAttribute('data-rank')) rank = Number(other.getAttribute('data-rank'));
        const text = rank > 0 ? '#' + rank : '>' + guesses.length;
        ranks.push([other.getAttribute('data-layer'), text]);
        const label = other.nextElementSibling;
        const badge = document.createElementNS(NS, 'text');
        badge.setAttribute('class', 'lens-badge');
        badge.setAttribute('x', Number(other.getAttribute('x')) + Number(other.getAttribute('width')) - 2);
        badge.setAttribute('y', Number(other.getAttribute('y')) + 8);
        badge.setAttribute('text-anchor', 'end');
        if (label && label.tagName === 'text') badge.setAttribute('fill', label.getAttribute('fill'));
        badge.textContent = text;
        other.parentElement.append(badge);
        badges.push(badge);
      }
      const summary = document.createElement('p');
      summary.textContent = 'Rank of ' + JSON.stringify(token) + ' by layer'
        + (isFinal ? '' : ' (within each layer\u2019s top ' + guesses.length + ')') + ': '
        + ranks.map(([layer, text]) => layer + ' ' + text).join(' \u00b7 ');
      readout.append(summary);
    }

    // The next mark in an arrow's direction: nearest along it, little off its line.
    function step(key) {
      if (!selected) return marks[0];
      const series = selected.getAttribute('data-series');
      if (series !== null) {
        const all = [...new Set(marks.map(m => m.getAttribute('data-series')).filter(s => s !== null))];
        const next = all.indexOf(series) + (key === 'ArrowRight' || key === 'ArrowDown' ? 1 : -1);
        const target = all[(next + all.length) % all.length];
        return marks.find(m => m.getAttribute('data-series') === target);
      }
      const [dx, dy] = { ArrowRight: [1, 0], ArrowLeft: [-1, 0], ArrowDown: [0, 1], ArrowUp: [0, -1] }[key];
      const from = centre(selected);
      let best = null;
      let bestScore = Infinity;
      for (const mark of marks) {
        const to = centre(mark);
        const along = (to.x - from.x) * dx + (to.y - from.y) * dy;
        if (along <= 0.5) continue;
        const across = Math.abs((to.x - from.x) * dy) + Math.abs((to.y - from.y) * dx);
        const score = along + 3 * across;
        if (score < bestScore) { best = mark; bestScore = score; }
      }
      return best || selected;
    }

    const markOf = target => marks.find(mark => mark === target || mark.contains(target));
    svg.addEventListener('pointerover', event => {
      const mark = markOf(event.target);
      if (mark) select(mark);
    });
    svg.addEventListener('click', event => {
      const mark = markOf(event.target);
      if (mark) select(mark);
    });
    svg.addEventListener('focus', () => { if (!selected) select(marks[0]); });
    svg.addEventListener('keydown', event => {
      if (event.key === 'Escape') { clear(); return; }
      if (!event.key.startsWith('Arrow')) return;
      event.preventDefault();
      select(step(event.key));
      // A figure wider than a phone scrolls in its box: keep the selection in sight.
      selected.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    });
  }

  document.querySelectorAll('.lens-graphic > svg').forEach(setUp);
})();
