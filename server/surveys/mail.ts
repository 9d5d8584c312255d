import nodemailer from 'nodemailer';
import QRCode from 'qrcode';
import type { z } from 'zod';
import { type NodeRef, today } from '../../api/common.js';
import type { invitationsResponse, shareResponse } from '../../api/surveys.js';
import { HttpError, NotFoundError, ValidationError } from '../common/errors.js';
import type { Queries, RowOf } from '../common/queries.js';
import type { SurveySetup } from './deps.js';
import { type MailKind, mailText } from './mail-texts.js';
import { roundStatus } from './rounds.js';

// Invitations and reminders by e-mail (issue 20), and the link and QR code to share without mail.
// One message per person, to their work e-mail, through SMTP_URL; a few at a time. Only messages the
// mail server took count as sent: whoever has no e-mail, or whose message it refused, is named.

/** Messages under way at once (one SMTP connection each): enough for a network, gentle on the mail server. */
const CONCURRENCY = 3;

/** A mail server that cannot be used at all: 503, with what to look at (never SMTP_URL's value, which holds a password). */
export class MailError extends HttpError<503> {
  constructor(message: string) {
    super(503, 'mail', message);
  }
}

/** The answer page of a round: the client's short link (client/src/lib/url.ts hashState), on PUBLIC_URL or else the request's origin. */
export function surveyLink(publicUrl: string | undefined, origin: string, roundId: string): string {
  return `${(publicUrl ?? origin).replace(/\/+$/, '')}/#/surveys/${encodeURIComponent(roundId)}`;
}

/** The link and its QR code, an SVG document. */
export async function surveyShare(link: string): Promise<z.infer<typeof shareResponse>> {
  const qrSvg = await QRCode.toString(link, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { link, qrSvg };
}

interface SmtpError {
  code?: unknown;
  command?: unknown;
  responseCode?: unknown;
}

/** Whether a message failed for its recipient alone (the server refused the address), so the others may still go. */
const refusedRecipient = (e: SmtpError) =>
  e.code === 'EENVELOPE' && (e.command === 'RCPT TO' || e.command === 'API') && e.responseCode !== 421;

/** Why the mail server could not be used, in one sentence that names the variable to look at. */
function mailFailure(e: SmtpError): MailError {
  if (e.code === 'EAUTH' || e.code === 'ENOAUTH')
    return new MailError(
      "The mail server refused Ringe's sign-in (the user and password in SMTP_URL); no invitation was sent.",
    );
  if (e.code === 'EENVELOPE' && e.command === 'MAIL FROM')
    return new MailError('The mail server refused the sender SMTP_FROM; no invitation was sent.');
  if (['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'ECONNREFUSED'].includes(String(e.code)))
    return new MailError('The mail server in SMTP_URL could not be reached; no invitation was sent.');
  return new MailError('The mail server in SMTP_URL did not take the invitations; none was sent.');
}

/** A plausible address for one recipient (a stored e-mail that is none reaches no one). */
const ADDRESS = /^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$/;

type MailRound = RowOf<'surveyMailRound'>;

export function surveyMail(queries: Queries, setup: SurveySetup) {
  return {
    /** The round with those it asks, their work e-mail and whether they have answered; 404 when there is none. */
    async round(roundId: string): Promise<MailRound> {
      const [round] = await queries.surveyMailRound({ id: roundId });
      if (!round) throw new NotFoundError(`There is no survey round with id "${roundId}".`);
      return round;
    },

    /**
     * Mails the invitation to everyone the round asks, or a reminder to those of them who have not
     * answered, while the round is planned or open. The caller has checked that the user manages it.
     */
    async send(round: MailRound, kind: MailKind, origin: string): Promise<z.infer<typeof invitationsResponse>> {
      const day = today();
      if (roundStatus(round, day) === 'closed')
        throw new ValidationError('The survey round is closed, so no invitations or reminders are sent for it.', {
          reason: 'roundClosed',
        });
      if (!setup.smtp) return { mail: 'notConfigured', sent: 0, notReached: [] };

      const ref = (p: { id: string; name: string }): NodeRef => ({ id: p.id, kind: 'Person', name: p.name });
      const wanted = round.asked.filter((p) => kind === 'invite' || !p.answered);
      // Someone who has left has no work e-mail any more.
      const reachable = (p: (typeof wanted)[number]) =>
        !!p.email && ADDRESS.test(p.email.trim()) && (p.leftOn === null || p.leftOn > day);
      const notReached: NodeRef[] = wanted.filter((p) => !reachable(p)).map(ref);
      const recipients = wanted.filter(reachable);
      if (!recipients.length) return { mail: 'sent', sent: 0, notReached };

      const link = surveyLink(setup.publicUrl, origin, round.id);
      const transport = nodemailer.createTransport({
        url: setup.smtp.url,
        pool: true,
        maxConnections: CONCURRENCY,
        // A mail server that does not answer fails the request in seconds, not in minutes.
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 30_000,
      });
      try {
        // Signed in once before any message: wrong credentials or an unreachable server send nothing.
        await transport.verify().catch((e: SmtpError) => {
          throw mailFailure(e);
        });
        const results = await Promise.all(
          recipients.map(async (p) => {
            const { subject, text } = mailText(kind, {
              name: p.name,
              network: round.networkName,
              opensOn: round.opensOn,
              closesOn: round.closesOn,
              link,
            });
            try {
              await transport.sendMail({
                from: setup.smtp!.from,
                to: { name: p.name.replace(/\s+/g, ' '), address: p.email!.trim() },
                subject,
                text,
              });
              return { person: p, error: null };
            } catch (e) {
              return { person: p, error: e as SmtpError };
            }
          }),
        );
        const sent = results.filter((r) => !r.error).length;
        const failed = results.filter((r) => r.error);
        // Nothing went and not for the recipients' sake: the server failed, and the caller is told so.
        const serverFault = failed.find((r) => !refusedRecipient(r.error!));
        if (sent === 0 && serverFault) throw mailFailure(serverFault.error!);
        // Those whose message did not go (refused, or the server failed part-way) are named, in the round's order.
        const missed = new Set([...notReached.map((p) => p.id), ...failed.map((r) => r.person.id)]);
        return { mail: 'sent', sent, notReached: wanted.filter((p) => missed.has(p.id)).map(ref) };
      } finally {
        transport.close();
      }
    },
  };
}
