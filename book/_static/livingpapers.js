/* Living Papers: the menu button collapses the sidebar on wide screens.
 *
 * The theme (sphinx-book-theme 1.3.0 with pydata-sphinx-theme 0.17.1) opens the sidebar as a
 * pop-up on narrow screens; on wide screens its button did nothing useful. Here a click on the
 * menu button while the sidebar sits beside the page hides or shows it instead, and the click
 * stops before the theme's pop-up handler. Narrow screens keep the theme's pop-up.
 */
(() => {
  const wide = window.matchMedia("(min-width: 960px)");
  window.addEventListener(
    "click",
    (event) => {
      const button = event.target.closest ? event.target.closest(".primary-toggle") : null;
      const sidebar = document.getElementById("pst-primary-sidebar");
      if (!button || !sidebar || !wide.matches) return;
      event.preventDefault();
      event.stopPropagation();
      const hidden = sidebar.classList.toggle("hide-on-wide");
      button.setAttribute("aria-expanded", String(!hidden));
    },
    true,
  );
})();
