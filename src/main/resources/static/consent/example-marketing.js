// The example page's stand-in for an advertising tag: it sets a cookie, so the notice's blocking can be seen.
document.cookie = 'example_ads=1; path=/; max-age=3600; SameSite=Lax';
document.addEventListener('DOMContentLoaded', function () { show(); });
function show() {
  var p = document.getElementById('state');
  if (p) {
    p.textContent = 'Marketing script: ran, and set the cookie example_ads.';
  }
}
show();
