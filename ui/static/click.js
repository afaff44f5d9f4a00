element.addEventListener('click', (ev) => {
  const b = ev.target.closest('button[data-doc]');
  if (!b || !element.contains(b)) return;
  ev.preventDefault();
  trigger('click', {doc: b.dataset.doc, start: Number(b.dataset.start), end: Number(b.dataset.end)});
});
