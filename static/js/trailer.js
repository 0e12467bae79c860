// A trailer's play button (markup/trailer.py) is a plain link to the video until it is
// pressed: only then does the page ask the video host for anything, loading its
// privacy-enhanced player in the button's place.
document.addEventListener("click", (event) => {
  const link = event.target.closest("a.trailer-link[data-player]");
  if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
  event.preventDefault();
  const player = document.createElement("iframe");
  player.src = link.dataset.player;
  player.title = link.dataset.title;
  player.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
  player.allowFullscreen = true;
  player.referrerPolicy = "strict-origin-when-cross-origin";
  link.replaceWith(player);
  player.focus();
});
