// Entry of the lobby display: design tokens, the shipped font (works with no fonts installed), the app.
import '../common/tokens.css';
import '@fontsource/noto-sans/vietnamese-400.css';
import '@fontsource/noto-sans/latin-400.css';
import '@fontsource/noto-sans/vietnamese-700.css';
import '@fontsource/noto-sans/latin-700.css';
import '@fontsource/noto-sans/vietnamese-800.css';
import '@fontsource/noto-sans/latin-800.css';
import './display-app.js';
