using MailKit;
using MailKit.Net.Smtp;
using MimeKit;

namespace MailHub.Mail.Smtp.Submission;

/// <summary>
/// MailKit's SmtpClient, told to record each recipient's reply instead of failing the message at the first
/// refusal, and to ask for delivery status notifications (RFC 3461) where the server offers DSN.
/// </summary>
internal sealed class SubmissionClient(IProtocolLogger logger) : SmtpClient(logger)
{
    private readonly Dictionary<string, RecipientReply> replies = new(StringComparer.OrdinalIgnoreCase);
    private string? envelopeId;

    /// <summary>A new mail transaction on this connection: its ENVID, and no replies yet.</summary>
    public void Begin(string? envelope)
    {
        envelopeId = envelope;
        replies.Clear();
    }

    public IReadOnlyDictionary<string, RecipientReply> Replies => replies;

    protected override void OnRecipientAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response) =>
        replies[mailbox.Address] = new RecipientReply(mailbox.Address, (int)response.StatusCode, response.Response);

    // The others still get the message; the refused one keeps the server's words.
    protected override void OnRecipientNotAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response) =>
        replies[mailbox.Address] = new RecipientReply(mailbox.Address, (int)response.StatusCode, response.Response);

    // RFC 3461 §4.1: failures and delays only; a success report per reply would flood the mailbox.
    protected override DeliveryStatusNotification? GetDeliveryStatusNotifications(MimeMessage message, MailboxAddress mailbox) =>
        DeliveryStatusNotification.Failure | DeliveryStatusNotification.Delay;

    protected override string? GetEnvelopeId(MimeMessage message) => envelopeId;
}
