import { knowledge } from "./knowledge";
import { workspace } from "./workspace";

/**
 * English UI strings: the reference catalogue. `fr` and `zh` are typed against it, so a key missing
 * from either fails the type check. Server messages (errors) are localized by the server itself.
 */
export const en = {
  app: {
    name: "Ragtime",
    tagline: "Answers from your documents, with citations.",
    skipToContent: "Skip to content",
  },
  common: {
    email: "E-mail",
    password: "Password",
    loading: "Loading…",
    close: "Close",
    retry: "Try again",
    showPassword: "Show password",
    backToSignIn: "Back to sign in",
  },
  errors: {
    title: "Something went wrong",
    network: "Cannot reach the Ragtime server. Check your connection and try again.",
    unexpected: "Something unexpected happened. Please try again.",
    session: "Your session could not be loaded.",
  },
  validation: {
    required: "This field is required.",
    email: "Enter a valid e-mail address, such as name@example.com.",
    passwordLength: "Use between {{min}} and {{max}} characters.",
    nicknameLength: "Use between 1 and {{max}} characters.",
    passwordsDiffer: "The two passwords are different.",
    timezone: "Choose a time zone from the list.",
  },
  language: {
    menu: "Language",
    current: "Language: {{language}}",
    saveFailed: "Your language could not be saved to your profile",
  },
  colorScheme: {
    toDark: "Switch to dark theme",
    toLight: "Switch to light theme",
  },
  nav: {
    main: "Main navigation",
    toggle: "Show or hide navigation",
    account: "Account",
    profile: "Profile",
  },
  userMenu: {
    open: "Account menu for {{name}}",
    signedInAs: "Signed in as",
    profile: "Profile",
    signOut: "Sign out",
    signOutFailed: "Could not sign out",
    workspaces: "Workspaces",
    switchTo: "Act in workspace {{name}}",
  },
  signIn: {
    pageTitle: "Sign in",
    title: "Sign in to Ragtime",
    subtitle: "Welcome back. Sign in to reach your knowledge bases.",
    submit: "Sign in",
    forgot: "Forgot your password?",
    noAccount: "New to Ragtime?",
    signUpLink: "Create an account",
    resetDone: "Your password was changed. Sign in with your new password.",
  },
  signUp: {
    pageTitle: "Create an account",
    title: "Create your account",
    subtitle: "It takes a minute. You get a workspace of your own.",
    nickname: "Nickname",
    nicknameHint: "How others see you. Leave empty to use the start of your e-mail.",
    passwordHint: "At least {{min}} characters.",
    submit: "Create account",
    haveAccount: "Already have an account?",
    signInLink: "Sign in",
  },
  forgotPassword: {
    pageTitle: "Forgotten password",
    title: "Forgot your password?",
    subtitle: "Enter the e-mail of your account: we will send you a link to choose a new password.",
    submit: "Send the link",
    sentTitle: "Check your inbox",
    sent: "If an account uses {{email}}, an e-mail with a reset link is on its way. The link works for one hour.",
  },
  resetPassword: {
    pageTitle: "Reset password",
    title: "Choose a new password",
    subtitle: "You will be signed out everywhere and can then sign in with the new password.",
    newPassword: "New password",
    confirmPassword: "Repeat the new password",
    submit: "Set the new password",
    missingToken: "This page needs the link from the reset e-mail, and this address has no token in it.",
    requestLink: "Ask for a new link",
  },
  profile: {
    pageTitle: "Profile",
    title: "Profile",
    subtitle: "How you appear in Ragtime, and the language and time zone it uses for you.",
    memberSince: "Member since {{date}}",
    detailsTitle: "Your details",
    nickname: "Nickname",
    language: "Language",
    languageHint: "Used for the interface and for messages from the server.",
    timezone: "Time zone",
    timezoneSearch: "Search for a city or region",
    timezoneNothingFound: "No time zone matches this search",
    timezoneBrowser: "Your browser's time zone is {{timezone}}.",
    timezoneUseBrowser: "Use it",
    save: "Save changes",
    saved: "Your profile was saved.",
  },
  password: {
    title: "Change password",
    subtitle: "Your other sessions will be signed out; this one stays signed in.",
    current: "Current password",
    new: "New password",
    confirm: "Repeat the new password",
    submit: "Change password",
    changed: "Your password was changed.",
  },
  notifications: {
    success: "Done",
  },
  knowledge: knowledge.en,
  workspace: workspace.en,
  notFound: {
    pageTitle: "Page not found",
    title: "This page does not exist",
    body: "The address may be mistyped, or the page may have moved.",
    home: "Go to the home page",
  },
};

export type Messages = typeof en;
