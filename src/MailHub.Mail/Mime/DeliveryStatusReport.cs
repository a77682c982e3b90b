using MimeKit;

namespace MailHub.Mail.Mime;

/// <summary>One recipient's result in a delivery status notification (RFC 3464 §2.3).</summary>
/// <param name="FinalRecipient">The address the report is about, without its "rfc822;" type.</param>
/// <param name="Action">failed, delayed, delivered, relayed or expanded (lowercase).</param>
/// <param name="Status">The RFC 3463 status code, e.g. 5.1.1.</param>
/// <param name="DiagnosticCode">The remote server's text, without its "smtp;" type.</param>
public sealed record RecipientStatus(
    string? FinalRecipient,
    string? OriginalRecipient,
    string? Action,
    string? Status,
    string? DiagnosticCode,
    string? RemoteMta);

/// <summary>
/// A delivery status notification (multipart/report with message/delivery-status, RFC 3462/3464), read by MimeKit's
/// <see cref="MessageDeliveryStatus"/> and mapped to what bounce matching needs: the per-recipient results and the
/// Message-ID of the returned message or headers, when included.
/// </summary>
public sealed record DeliveryStatusReport(string? ReportingMta, string? OriginalMessageId, IReadOnlyList<RecipientStatus> Recipients)
{
    internal static DeliveryStatusReport? Read(MimeMessage message)
    {
        MessageDeliveryStatus? status = null;
        MimeEntity? original = null;
        foreach (var part in BodySelection.Leaves(message.Body))
        {
            if (status is null && part is MessageDeliveryStatus s)
                status = s;
            else if (original is null && part is not MessageDeliveryStatus
                && (part is MessagePart || part.ContentType.MediaType.Equals("message", StringComparison.OrdinalIgnoreCase)
                    || part.ContentType.IsMimeType("text", "rfc822-headers")))
                original = part;
        }
        if (status is null)
            return null;
        string? reportingMta = null;
        var recipients = new List<RecipientStatus>();
        foreach (var group in status.StatusGroups)
        {
            // RFC 3464 §2.2: the first group is about the message, the others each about one recipient.
            if (!group.Contains("Final-Recipient") && !group.Contains("Original-Recipient") && !group.Contains("Action"))
            {
                reportingMta ??= WithoutType(group["Reporting-MTA"]);
                continue;
            }
            recipients.Add(new RecipientStatus(
                WithoutType(group["Final-Recipient"]),
                WithoutType(group["Original-Recipient"]),
                group["Action"]?.Trim().ToLowerInvariant(),
                group["Status"]?.Trim(),
                WithoutType(group["Diagnostic-Code"]),
                WithoutType(group["Remote-MTA"])));
        }
        return new DeliveryStatusReport(reportingMta, ReturnedMessageId(original), recipients);
    }

    private static string? ReturnedMessageId(MimeEntity? original)
    {
        switch (original)
        {
            case MessagePart { Message: { } returned }:
                return returned.MessageId;
            case MimePart { Content: { } content }:
                // message/global-headers and the like: read the headers ourselves.
                using (var bytes = new MemoryStream())
                {
                    content.DecodeTo(bytes);
                    using var mail = MailReader.Load(bytes.ToArray());
                    return mail.Message.MessageId;
                }
            default:
                return null;
        }
    }

    /// <summary>"rfc822; a@b" → "a@b", "smtp; 550 ..." → "550 ...".</summary>
    private static string? WithoutType(string? value)
    {
        if (value is null)
            return null;
        var semicolon = value.IndexOf(';', StringComparison.Ordinal);
        var result = (semicolon >= 0 ? value[(semicolon + 1)..] : value).Trim();
        if (result.StartsWith('<') && result.EndsWith('>'))
            result = result[1..^1];
        return result;
    }
}
