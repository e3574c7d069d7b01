import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { connectPlatform } from './platform.js';

/**
 * Entry of taskpane.html. Excel (or, in tests, a fake host the page injected) is connected before the
 * first render, so every panel starts with the workbook and Office's display language at hand.
 */
const root = createRoot(document.getElementById('root')!);
connectPlatform().then(
  (platform) =>
    root.render(
      <StrictMode>
        <App platform={platform} />
      </StrictMode>,
    ),
  (error: unknown) => {
    document.getElementById('root')!.textContent = `A-to-z Claim Guard could not start: ${error instanceof Error ? error.message : String(error)}`;
  },
);
