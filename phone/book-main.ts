// Entry of the booking page (/book): design tokens, the shipped font (served by the hub), the app.
import '../common/tokens.css';
import '@fontsource/noto-sans/vietnamese-400.css';
import '@fontsource/noto-sans/latin-400.css';
import '@fontsource/noto-sans/vietnamese-700.css';
import '@fontsource/noto-sans/latin-700.css';
import '@fontsource/noto-sans/vietnamese-800.css';
import '@fontsource/noto-sans/latin-800.css';
import './book-app.js';
