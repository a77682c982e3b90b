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
/// A delivery status notification (multipart/report with message/delivery-status, RFC 3462/3464) read for bounce
/// matching: the per-recipient results and the Message-ID of the returned message or headers, when included.
/// </summary>
public sealed record DeliveryStatusReport(string? ReportingMta, string? OriginalMessageId, IReadOnlyList<RecipientStatus> Recipients)
{
    internal static DeliveryStatusReport? Read(MimeMessage message)
    {
        MimePart? status = null;
        MimePart? original = null;
        foreach (var leaf in message.Body.Leaves())
        {
            var type = leaf.ContentType;
            if (status is null && type.MediaType == "message" && type.MediaSubtype is "delivery-status" or "global-delivery-status")
                status = leaf;
            else if (original is null && (type.Is("message", "rfc822") || type.Is("message", "global") || type.Is("text", "rfc822-headers") || type.Is("message", "global-headers")))
                original = leaf;
        }
        if (status is null)
            return null;
        var blocks = FieldBlocks(status.Content.ToArray());
        string? reportingMta = null;
        var recipients = new List<RecipientStatus>();
        foreach (var block in blocks)
        {
            var finalRecipient = Get(block, "Final-Recipient");
            if (finalRecipient is null && Get(block, "Original-Recipient") is null && Get(block, "Action") is null)
            {
                reportingMta ??= WithoutType(Get(block, "Reporting-MTA"));
                continue;
            }
            recipients.Add(new RecipientStatus(
                WithoutType(finalRecipient),
                WithoutType(Get(block, "Original-Recipient")),
                Get(block, "Action")?.ToLowerInvariant(),
                Get(block, "Status"),
                WithoutType(Get(block, "Diagnostic-Code")),
                WithoutType(Get(block, "Remote-MTA"))));
        }
        string? originalId = null;
        if (original is not null)
        {
            using var stream = original.Content.OpenRead();
            using var returned = MimeMessage.Parse(stream);
            originalId = returned.MessageId;
        }
        return new DeliveryStatusReport(reportingMta, originalId, recipients);
    }

    private static string? Get(List<(string Name, string Value)> block, string name)
    {
        foreach (var (n, v) in block)
        {
            if (string.Equals(n, name, StringComparison.OrdinalIgnoreCase))
                return v;
        }
        return null;
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

    /// <summary>Groups of "Name: value" fields separated by blank lines; folded lines joined.</summary>
    private static List<List<(string Name, string Value)>> FieldBlocks(byte[] content)
    {
        var text = Charsets.DecodeRaw(content);
        var blocks = new List<List<(string, string)>>();
        List<(string Name, string Value)>? current = null;
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            if (line.Trim().Length == 0)
            {
                current = null;
                continue;
            }
            if (line[0] is ' ' or '\t' && current is { Count: > 0 })
            {
                var (n, v) = current[^1];
                current[^1] = (n, v + " " + line.Trim());
                continue;
            }
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
                continue;
            if (current is null)
            {
                current = [];
                blocks.Add(current);
            }
            current.Add((line[..colon].Trim(), line[(colon + 1)..].Trim()));
        }
        return blocks;
    }
}
