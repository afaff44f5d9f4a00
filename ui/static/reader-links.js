element.addEventListener('click', (ev) => {
  const a = ev.target.closest('a[href^="#r-s"]');
  if (!a) return;
  ev.preventDefault();
  const t = element.querySelector(a.getAttribute('href'));
  if (t) t.scrollIntoView({block: 'start', behavior: 'smooth'});
});
