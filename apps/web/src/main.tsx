import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';

// The browser's 8 px body margin framed every screen in white (the dark menu did not reach the edge). Set here, not in
// a <style> tag: the Content-Security-Policy is kept strict.
document.body.style.margin = '0';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
