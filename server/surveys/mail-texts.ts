import { MIN_RESPONDENTS } from '../../api/surveys.js';

// The words of the survey e-mails. The server holds no sentences for people elsewhere (the client
// makes every one from its locale files), but an e-mail has no client to make it: so its texts are
// kept here, in this one file, Danish first and the English beneath.

export type MailKind = 'invite' | 'reminder';

export interface MailFacts {
  /** The person written to. */
  name: string;
  network: string;
  /** First and last day answers are taken, YYYY-MM-DD. */
  opensOn: string;
  closesOn: string;
  /** The answer page. */
  link: string;
}

const DANISH_DAY = new Intl.DateTimeFormat('da-DK', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});
const ENGLISH_DAY = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});
const dayIn = (format: Intl.DateTimeFormat, day: string) => format.format(new Date(`${day}T00:00:00Z`));

/** A name on one line: a stored name's line breaks would break the mail's layout (headers are encoded by nodemailer). */
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The subject and plain text of an invitation or a reminder, in Danish with the English beneath. */
export function mailText(kind: MailKind, facts: MailFacts): { subject: string; text: string } {
  const name = oneLine(facts.name);
  const network = oneLine(facts.network);
  const da = { opens: dayIn(DANISH_DAY, facts.opensOn), closes: dayIn(DANISH_DAY, facts.closesOn) };
  const en = { opens: dayIn(ENGLISH_DAY, facts.opensOn), closes: dayIn(ENGLISH_DAY, facts.closesOn) };
  const reminder = kind === 'reminder';

  const subject = reminder
    ? `Påmindelse: Hvad har netværket ${network} skabt? / Reminder: What has the network ${network} created?`
    : `Hvad har netværket ${network} skabt? / What has the network ${network} created?`;

  const danish = [
    `Hej ${name}`,
    '',
    reminder
      ? `En påmindelse: Netværket ${network} vil gerne høre fra dig, og vi har ikke fået dit svar endnu.`
      : `Netværket ${network} vil gerne høre fra dig.`,
    'Du bliver spurgt, hvem du har fået et nyt samarbejde med gennem netværket, hvordan samarbejdet med andre afdelinger går, og hvad I har lært. Det tager omkring to minutter.',
    '',
    reminder ? `Du kan svare til og med ${da.closes}:` : `Du kan svare fra ${da.opens} til og med ${da.closes}:`,
    facts.link,
    '',
    `Dine enkelte svar ses kun af netværkets koordinatorer og ledere, og alle andre ser kun samlede tal fra mindst ${MIN_RESPONDENTS} svar.`,
    '',
    'Venlig hilsen',
    'Ringe',
  ];
  const english = [
    `Hello ${name}`,
    '',
    reminder
      ? `A reminder: The network ${network} would like to hear from you, and we have not had your answer yet.`
      : `The network ${network} would like to hear from you.`,
    'You are asked whom you have begun to work with through the network, how working with other departments goes, and what you have learnt. It takes about two minutes.',
    '',
    reminder
      ? `You can answer until ${en.closes} inclusive:`
      : `You can answer from ${en.opens} to ${en.closes} inclusive:`,
    facts.link,
    '',
    `Only the network's coordinators and leaders see your individual answers, and everyone else sees only figures from at least ${MIN_RESPONDENTS} answers.`,
    '',
    'Kind regards',
    'Ringe',
  ];
  return { subject, text: [...danish, '', '---', '', ...english, ''].join('\n') };
}
