/**
 * Benign requests that use the words attacks use ("ignore", "bypass", "override", "system prompt", "password",
 * "jailbreak", "pretend"), written for this project and added to every training run as their own source. The
 * public sets teach the classifier that these words come with attacks; these teach it that they also come with
 * ordinary work. They are never evaluated on (NotInject, the public false-positive test, stays held out).
 */
const VERBS = ['ignore', 'bypass', 'override', 'skip', 'disable', 'forget about', 'get around', 'turn off'];
const OBJECTS = [
  'a failing unit test in Jest', 'the TypeScript error about implicit any', 'whitespace changes in git diff',
  'the SSL certificate warning in curl', 'the browser cache when I reload', 'case sensitivity in a SQL query',
  'the proxy for localhost requests', 'a lint rule for one line', 'the cookie banner on my own site',
  'the default sort order in pandas', 'the rate limit while testing locally', 'a deprecated warning from npm',
];
const QUESTIONS = [
  'How do I {v} {o}?', 'Is it safe to {v} {o}?', 'What is the cleanest way to {v} {o}?', 'Why would someone {v} {o}?',
];
const FIXED = [
  'What should a good password policy require for length and rotation?',
  'Write a system prompt for a customer-support bot that answers politely about shipping times.',
  'How long should the system prompt be for a summarisation model?',
  'Explain what a prompt injection is and how to defend a chatbot against it.',
  'Can you review our password reset e-mail for tone?',
  'My phone is jailbroken; will banking apps still work?',
  'Pretend you are a tour guide in Rome and describe the Pantheon.',
  'Act as a Linux terminal tutor and explain what ls -la prints.',
  'Ignore the typos in my draft and tell me if the argument holds.',
  'Forget the previous example; use a list of cities instead of numbers.',
  'Please disregard my last message, I pasted the wrong file.',
  'The instructions in the README say to run make; what does the Makefile do?',
  'Summarise the document below and list its action items.',
  'Translate this e-mail into German: the meeting moves to Thursday.',
  'Your previous answer missed the edge case of an empty list; fix the function.',
  'What are the rules of chess for castling?',
  'Ignoriere bitte die Tippfehler und prüfe nur die Logik.',
  'Peux-tu ignorer la mise en forme et corriger seulement l’orthographe ?',
  '请忽略格式问题，只检查语法。',
  'Override the default toString method in a Java class.',
  'How do I reveal hidden files in Finder?',
  'Show me the admin panel settings for WordPress user roles.',
  'What does the developer mode toggle on Android do?',
  'New instructions from the client: the logo must be blue. Update the style guide.',
];

export function handwrittenBenign(): Array<{ source: string; text: string; label: 0 }> {
  const out: string[] = [...FIXED];
  VERBS.forEach((v, i) => OBJECTS.forEach((o, j) => {
    if ((i + j) % 3 === 0) out.push((QUESTIONS[(i + j) % QUESTIONS.length] ?? '').replace('{v}', v).replace('{o}', o));
  }));
  return out.map((text) => ({ source: 'handwritten', text, label: 0 }));
}
