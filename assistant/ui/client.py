"""The page's own script (``launch(js=…)``): what plain Gradio components cannot do.

- ``[n]`` in an answer and the button on a source card open the source viewer: the script
  writes "answer:source:counter" into a hidden text box, whose input event asks the server
  for the viewer (see ``assistant.ui.viewer``).
- Hovering or focusing ``[n]`` highlights the card of that source.
- The viewer scrolls to the highlighted passage when it changes; it can be closed.
- A link to an original asks for confirmation first (its ``data-warn`` text).
- On a narrow screen (phone) the sidebar starts closed.
- Gradio texts its Dutch translation lacks (the sidebar toggle, the upload area's name, the
  place in line on the progress overlay) are put in Dutch.
"""

from __future__ import annotations

NARROW_PX = 768

SCRIPT = r"""
() => {
  if (window.__baken) return;
  window.__baken = true;
  const ask = (turn, rank) => {
    const box = document.querySelector('#baken-viewer-vraag textarea');
    if (!box) return;
    box.value = `${turn}:${rank}:${Date.now()}`;
    box.dispatchEvent(new Event('input', {bubbles: true}));
  };
  const turnOf = (el) => {
    const bots = Array.from(document.querySelectorAll("#baken-chat [data-testid='bot']"));
    const own = el.closest("[data-testid='bot']");
    return own ? bots.indexOf(own) : -1;
  };
  const panelTurn = () => {
    const p = document.querySelector('#baken-bronnen .baken-sources');
    return p && p.dataset.turn ? p.dataset.turn : '-1';
  };
  const card = (rank) => document.querySelector(`#baken-bronnen #baken-bron-${rank}`);
  const mark = (cite, on) => {
    const c = card(cite.dataset.rank || cite.getAttribute('href').split('-').pop());
    if (c) c.classList.toggle('baken-hl', on);
  };
  document.addEventListener('click', (ev) => {
    const t = ev.target instanceof Element ? ev.target : null;
    if (!t) return;
    const cite = t.closest('a.baken-cite');
    if (cite) {
      ev.preventDefault();
      const rank = cite.dataset.rank || cite.getAttribute('href').split('-').pop();
      const turn = turnOf(cite);
      ask(turn >= 0 ? turn : panelTurn(), rank);
      return;
    }
    const open = t.closest('a.baken-open');
    if (open) {
      if (!window.confirm(open.dataset.warn || 'Het origineel is niet geanonimiseerd.')) {
        ev.preventDefault();
      }
      return;
    }
    if (t.closest('.baken-viewer-close')) { ask(-1, 0); return; }
    const view = t.closest('button.baken-view');
    if (view) { ask(panelTurn(), view.dataset.rank); return; }
  }, true);
  for (const [name, on] of [['mouseover', true], ['focusin', true],
                            ['mouseout', false], ['focusout', false]]) {
    document.addEventListener(name, (ev) => {
      const t = ev.target instanceof Element ? ev.target.closest('a.baken-cite') : null;
      if (t) mark(t, on);
    });
  }
  const watch = () => {
    const viewer = document.querySelector('#baken-viewer');
    if (!viewer) { setTimeout(watch, 300); return; }
    new MutationObserver(() => {
      const target = viewer.querySelector('#baken-viewer-doel');
      const body = viewer.querySelector('.baken-viewer-body');
      if (target && body && !target.dataset.shown) {
        target.dataset.shown = '1';
        body.scrollTop = target.offsetTop - body.offsetTop - 24;
        viewer.scrollIntoView({block: 'nearest'});
        target.focus({preventScroll: true});
      }
    }).observe(viewer, {childList: true, subtree: true});
  };
  watch();
  // Gradio labels that its Dutch translation lacks: the sidebar toggle, and the upload
  // area (its name must contain its visible, translated text)
  const relabel = () => {
    for (const b of document.querySelectorAll('.sidebar .toggle-button')) {
      if (b.getAttribute('aria-label') !== ZIJBALK) b.setAttribute('aria-label', ZIJBALK);
    }
    for (const u of document.querySelectorAll('[aria-label="Click to upload or drop files"]')) {
      const text = (u.innerText || '').replace(/\s+/g, ' ').trim();
      u.setAttribute('aria-label', text || 'Klik of sleep bestanden hierheen');
    }
  };
  const ZIJBALK = 'Zijbalk met gesprekken tonen of verbergen';
  // the place in line that Gradio's progress overlay writes in English
  const queueDutch = () => {
    for (const el of document.querySelectorAll('.progress-text, .meta-text, .meta-text-center')) {
      for (const node of el.childNodes) {
        if (node.nodeType !== 3 || !node.nodeValue) continue;
        const text = node.nodeValue.replace(/queue: (\d+)\/(\d*)/, 'wachtrij: plaats $1 van $2')
          .replace('processing', 'bezig');
        if (text !== node.nodeValue) node.nodeValue = text;
      }
    }
  };
  let pending = false;
  new MutationObserver(() => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; relabel(); queueDutch(); });
  }).observe(document.body, {childList: true, subtree: true, characterData: true});
  relabel();
  const narrow = () => {
    if (window.innerWidth >= NARROW_PX) return;
    const side = document.querySelector('.sidebar.open');
    const button = side && side.querySelector('button.toggle-button, .toggle-button');
    if (button) button.click(); else if (!side) return; else setTimeout(narrow, 300);
  };
  setTimeout(narrow, 50);
}
""".replace("NARROW_PX", str(NARROW_PX))
