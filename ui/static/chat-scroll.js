watch('value', () => requestAnimationFrame(() => {
  const box = element.closest('.html-container') || element.parentElement;
  const last = element.querySelector('.turn:last-child');
  if (box && last) box.scrollTop += last.getBoundingClientRect().top - box.getBoundingClientRect().top - 8;
}));
