const show = () => {
  const m = element.querySelector('mark');
  if (!m) return;
  const box = element.querySelector('.doc');
  if (box) box.scrollTop = Math.max(0, m.offsetTop - box.offsetTop - box.clientHeight / 3);
  m.scrollIntoView({block: 'nearest'});
};
watch('value', () => requestAnimationFrame(show));
