/**
 * The sign-in page, drawn without Ant Design: on a 1.6 Mbit/s, 150 ms office link the form is what everyone waits
 * for first, and Ant Design's core (theme, CSS-in-JS, form machinery: ~150 KB compressed) is then fetched while the
 * user name and password are typed (home.ts). Its look copies Ant Design's inputs and primary button with the app's
 * theme (first-paint.css, colours from theme.ts), so the next screen does not look like another application.
 */
import { useEffect, useRef, useState, type CSSProperties, type FormEvent, type ReactNode } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router-dom';
import { warmGet } from '../api/client';
import { useAuth } from '../auth';
import { errorText } from '../components/error-text';
import { useLang } from '../lib/i18n';
import { homeFor, landingRequests, prefetchLandingScreens } from '../home';
import { theme } from '../theme';

/** Ant Design's outlined icons' paths (@ant-design/icons-svg), drawn in place: its icon runtime is not needed here. */
const ICONS = {
  user: 'M858.5 763.6a374 374 0 00-80.6-119.5 375.63 375.63 0 00-119.5-80.6c-.4-.2-.8-.3-1.2-.5C719.5 518 760 444.7 760 362c0-137-111-248-248-248S264 225 264 362c0 82.7 40.5 156 102.8 201.1-.4.2-.8.3-1.2.5-44.8 18.9-85 46-119.5 80.6a375.63 375.63 0 00-80.6 119.5A371.7 371.7 0 00136 901.8a8 8 0 008 8.2h60c4.4 0 7.9-3.5 8-7.8 2-77.2 33-149.5 87.8-204.3 56.7-56.7 132-87.9 212.2-87.9s155.5 31.2 212.2 87.9C779 752.7 810 825 812 902.2c.1 4.4 3.6 7.8 8 7.8h60a8 8 0 008-8.2c-1-47.8-10.9-94.3-29.5-138.2zM512 534c-45.9 0-89.1-17.9-121.6-50.4S340 407.9 340 362c0-45.9 17.9-89.1 50.4-121.6S466.1 190 512 190s89.1 17.9 121.6 50.4S684 316.1 684 362c0 45.9-17.9 89.1-50.4 121.6S557.9 534 512 534z',
  lock: 'M832 464h-68V240c0-70.7-57.3-128-128-128H388c-70.7 0-128 57.3-128 128v224h-68c-17.7 0-32 14.3-32 32v384c0 17.7 14.3 32 32 32h640c17.7 0 32-14.3 32-32V496c0-17.7-14.3-32-32-32zM332 240c0-30.9 25.1-56 56-56h248c30.9 0 56 25.1 56 56v224H332V240zm460 600H232V536h560v304zM484 701v53c0 4.4 3.6 8 8 8h40c4.4 0 8-3.6 8-8v-53a48.01 48.01 0 10-56 0z',
  eye: 'M942.2 486.2C847.4 286.5 704.1 186 512 186c-192.2 0-335.4 100.5-430.2 300.3a60.3 60.3 0 000 51.5C176.6 737.5 319.9 838 512 838c192.2 0 335.4-100.5 430.2-300.3 7.7-16.2 7.7-35 0-51.5zM512 766c-161.3 0-279.4-81.8-362.7-254C232.6 339.8 350.7 258 512 258c161.3 0 279.4 81.8 362.7 254C791.5 684.2 673.4 766 512 766zm-4-430c-97.2 0-176 78.8-176 176s78.8 176 176 176 176-78.8 176-176-78.8-176-176-176zm0 288c-61.9 0-112-50.1-112-112s50.1-112 112-112 112 50.1 112 112-50.1 112-112 112z',
  eyeOff:
    'M942.2 486.2Q889.47 375.11 816.7 305l-50.88 50.88C807.31 395.53 843.45 447.4 874.7 512 791.5 684.2 673.4 766 512 766q-72.67 0-133.87-22.38L323 798.75Q408 838 512 838q288.3 0 430.2-300.3a60.29 60.29 0 000-51.5zm-63.57-320.64L836 122.88a8 8 0 00-11.32 0L715.31 232.2Q624.86 186 512 186q-288.3 0-430.2 300.3a60.3 60.3 0 000 51.5q56.69 119.4 136.5 191.41L112.48 835a8 8 0 000 11.31L155.17 889a8 8 0 0011.31 0l712.15-712.12a8 8 0 000-11.32zM149.3 512C232.6 339.8 350.7 258 512 258c54.54 0 104.13 9.36 149.12 28.39l-70.3 70.3a176 176 0 00-238.13 238.13l-83.42 83.42C223.1 637.49 183.3 582.28 149.3 512zm246.7 0a112.11 112.11 0 01146.2-106.69L401.31 546.2A112 112 0 01396 512zM508 624c-3.46 0-6.87-.16-10.25-.47l-52.82 52.82a176.09 176.09 0 00227.42-227.42l-52.82 52.82c.31 3.38.47 6.79.47 10.25a111.94 111.94 0 01-112 112z',
  error:
    'M512 64C264.6 64 64 264.6 64 512s200.6 448 448 448 448-200.6 448-448S759.4 64 512 64zm165.4 618.2l-66-.3L512 563.4l-99.3 118.4-66.1.3c-4.4 0-8-3.5-8-8 0-1.9.7-3.7 1.9-5.2l130.1-155L340.5 359a8.32 8.32 0 01-1.9-5.2c0-4.4 3.6-8 8-8l66.1.3L512 464.6l99.3-118.4 66-.3c4.4 0 8 3.5 8 8 0 1.9-.7 3.7-1.9 5.2L553.5 514l130 155c1.2 1.5 1.9 3.3 1.9 5.2 0 4.4-3.6 8-8 8z',
};

function Icon({ d }: { d: string }) {
  return (
    <svg viewBox="64 64 896 896" width="1em" height="1em" fill="currentColor" aria-hidden="true" focusable="false">
      <path d={d} />
    </svg>
  );
}

/** The theme's colours for first-paint.css (one source: theme.ts). */
const COLOURS = {
  '--par-primary': theme.token?.colorPrimary,
  '--par-link': theme.token?.colorLink,
  '--par-error': theme.token?.colorError,
  '--par-error-bg': theme.token?.colorErrorBg,
  '--par-text-secondary': theme.token?.colorTextDescription,
  '--par-placeholder': theme.token?.colorTextPlaceholder,
  fontFamily: theme.token?.fontFamily,
} as CSSProperties;

type Field = 'username' | 'password';

export default function LoginPage() {
  const { login, user } = useAuth();
  const { t, lang, setLang } = useLang();
  const navigate = useNavigate();
  const location = useLocation();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [shown, setShown] = useState(false);
  // Which empty fields to point at: set by a press of "Đăng nhập", cleared field by field as they are filled.
  const [missing, setMissing] = useState<Set<Field>>(new Set());
  const refs = { username: useRef<HTMLInputElement>(null), password: useRef<HTMLInputElement>(null) };
  useEffect(() => {
    // After the form is on screen, so the prefetch does not compete with it for the link.
    const timer = setTimeout(prefetchLandingScreens, 300);
    return () => clearTimeout(timer);
  }, []);
  if (user) {
    return <Navigate to={homeFor(user.roles)} replace />;
  }
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const empty = new Set<Field>();
    if (!username.trim()) {
      empty.add('username');
    }
    if (!password) {
      empty.add('password');
    }
    setMissing(empty);
    if (empty.size > 0) {
      refs[empty.has('username') ? 'username' : 'password'].current?.focus();
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const signedIn = await login(username.trim(), password);
      const from = (location.state as { from?: string } | null)?.from;
      const target = from && from !== '/login' ? from : homeFor(signedIn.user.roles);
      // Someone who must first change their password sees that form, not the frame (whose requests would be refused).
      if (!signedIn.mustChangePassword) {
        landingRequests(target).forEach(warmGet);
      }
      // Straight to the person's home, not through "/" (a render of the whole frame only to redirect from it).
      void navigate(target, { replace: true });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const field = (
    name: Field,
    label: string,
    hint: string,
    icon: string,
    input: { type: string; autoComplete: string; autoFocus?: boolean },
    value: string,
    set: (v: string) => void,
    suffix?: ReactNode,
  ) => {
    const invalid = missing.has(name);
    return (
      <div className="par-field">
        <label htmlFor={`login-${name}`}>{label}</label>
        <span className={`par-input${invalid ? ' par-input-invalid' : ''}`}>
          <Icon d={icon} />
          <input
            id={`login-${name}`}
            ref={refs[name]}
            name={name}
            {...input}
            value={value}
            aria-invalid={invalid || undefined}
            aria-describedby={invalid ? `login-${name}-hint` : undefined}
            onChange={(e) => {
              set(e.target.value);
              if (invalid) {
                setMissing((m) => new Set([...m].filter((f) => f !== name)));
              }
            }}
          />
          {suffix}
        </span>
        {invalid ? (
          <div id={`login-${name}-hint`} className="par-field-hint">
            {hint}
          </div>
        ) : null}
      </div>
    );
  };
  return (
    <div className="par-login" style={COLOURS}>
      <main className="par-login-card">
        <h1>{t('Chỉ số CCHC', 'PAR Index')}</h1>
        <p className="par-login-lead">
          {t('Đăng nhập để tự đánh giá, thẩm định và theo dõi.', 'Sign in to self-assess, appraise and follow up.')}
        </p>
        {error ? (
          <div className="par-login-error" role="alert">
            <Icon d={ICONS.error} />
            <span>{errorText(error, lang)}</span>
          </div>
        ) : null}
        <form noValidate onSubmit={(e) => void onSubmit(e)}>
          {field(
            'username',
            t('Tên đăng nhập', 'Username'),
            t('Nhập tên đăng nhập', 'Enter your username'),
            ICONS.user,
            { type: 'text', autoComplete: 'username', autoFocus: true },
            username,
            setUsername,
          )}
          {field(
            'password',
            t('Mật khẩu', 'Password'),
            t('Nhập mật khẩu', 'Enter your password'),
            ICONS.lock,
            { type: shown ? 'text' : 'password', autoComplete: 'current-password' },
            password,
            setPassword,
            <button
              type="button"
              className="par-input-toggle"
              onClick={() => setShown((s) => !s)}
              aria-label={
                shown ? t('Ẩn các ký tự đã gõ', 'Hide what is typed') : t('Hiện các ký tự đã gõ', 'Show what is typed')
              }
              aria-pressed={shown}
            >
              <Icon d={shown ? ICONS.eye : ICONS.eyeOff} />
            </button>,
          )}
          <button type="submit" className="par-button-primary" disabled={busy} aria-busy={busy}>
            {busy ? <span className="par-button-spinner" aria-hidden="true" /> : null}
            {t('Đăng nhập', 'Sign in')}
          </button>
        </form>
        <div className="par-login-links">
          <Link to="/public/rankings">{t('Kết quả công bố', 'Published results')}</Link>
          <button type="button" className="par-button-link" onClick={() => setLang(lang === 'vi' ? 'en' : 'vi')}>
            {lang === 'vi' ? 'English' : 'Tiếng Việt'}
          </button>
        </div>
      </main>
    </div>
  );
}
