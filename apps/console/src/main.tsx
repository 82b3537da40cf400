import { render } from 'preact';
import { App } from './app.tsx';
import './styles/app.css';

const root = document.getElementById('app');
if (root) render(<App />, root);

// The service worker caches the app shell so that a reload without a connection still shows
// the form; it is served by the gateway at /sw.js (outside /assets so its scope is the site).
if ('serviceWorker' in navigator && location.protocol !== 'file:') {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {
      // no offline shell (e.g. a gateway that does not serve /sw.js); everything else works
    });
  });
}
