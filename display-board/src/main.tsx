import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// Bundled, so a board shows Vietnamese diacritics correctly with no internet and no system fonts.
import '@fontsource/be-vietnam-pro/500.css';
import '@fontsource/be-vietnam-pro/700.css';
import '@fontsource/be-vietnam-pro/800.css';
import './board.css';
import { App } from './App';

const root = document.getElementById('root');
if (root) createRoot(root).render(<StrictMode><App /></StrictMode>);
