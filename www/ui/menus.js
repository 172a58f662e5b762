// Drop-down menus are native <details class="menu">: keyboard-operable as they are. This adds
// what a menu is expected to do besides: Escape closes it (focus back on its summary), and so
// does a click elsewhere.

export function closeMenusWhenDone(root = document) {
  const open = () => [...root.querySelectorAll('details.menu[open]')];
  root.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    for (const menu of open()) {
      menu.open = false;
      menu.querySelector('summary').focus();
    }
  });
  root.addEventListener('click', (event) => {
    for (const menu of open()) if (!menu.contains(event.target)) menu.open = false;
  });
}
