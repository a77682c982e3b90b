using MimeKit;

namespace MailHub.Campaigns.Audiences;

/// <summary>Why a row is not imported. The reason's code is what scripts compare; the words are for people.</summary>
internal static class RowReasons
{
    public const string Invalid = "invalid";
    public const string Duplicate = "duplicate";
    public const string Suppressed = "suppressed";

    public static string Describe(string reason, string? detail, bool chinese) => (reason, chinese) switch
    {
        (Invalid, false) => detail is null ? "No e-mail address in this row." : $"\"{detail}\" is not a valid e-mail address.",
        (Invalid, true) => detail is null ? "这一行没有邮箱地址。" : $"“{detail}”不是有效的邮箱地址。",
        (Duplicate, false) => $"Duplicate: the address is already in row {detail}.",
        (Duplicate, true) => $"重复：该地址已在第 {detail} 行出现。",
        (Suppressed, false) => $"Suppressed ({detail}): campaigns never send to this address.",
        (Suppressed, true) => $"已屏蔽（{SuppressionReasonZh(detail)}）：任何群发都不会发送到此地址。",
        _ => reason,
    };

    private static string SuppressionReasonZh(string? reason) => reason switch
    {
        "unsubscribed" => "已退订",
        "bounced" => "退信",
        "complained" => "投诉",
        _ => "手动添加",
    };
}

/// <summary>A row's refusal: row and column as the spreadsheet shows them, the reason's code and its detail.</summary>
internal sealed record RowError(int Row, string Column, string Reason, string? Detail);

/// <summary>A row that will be imported.</summary>
internal sealed record AudienceRow(int Row, string Email, string? Name, IReadOnlyDictionary<string, string> Fields);

/// <summary>What an upload would import: the good rows and every row's refusal.</summary>
internal sealed record AudiencePreview(IReadOnlyList<string> Fields, IReadOnlyList<AudienceRow> Rows, IReadOnlyList<RowError> Errors);

/// <summary>Checks the rows of an upload: a valid address, not twice in the file, not on the suppression list.</summary>
internal static class AudienceImport
{
    public static AudiencePreview Check(AudienceSheetContent sheet, IReadOnlyDictionary<string, string> suppressed)
    {
        var rows = new List<AudienceRow>(sheet.Rows.Count);
        var errors = new List<RowError>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var emailColumn = $"{sheet.Email.Letter} ({sheet.Email.Header})";
        foreach (var row in sheet.Rows)
        {
            var raw = row[sheet.Email];
            if (raw is null || Normalize(raw) is not { } email)
            {
                errors.Add(new RowError(row.Number, emailColumn, RowReasons.Invalid, raw));
                continue;
            }
            if (seen.TryGetValue(email, out var first))
            {
                errors.Add(new RowError(row.Number, emailColumn, RowReasons.Duplicate, first.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                continue;
            }
            seen[email] = row.Number;
            if (suppressed.TryGetValue(email, out var reason))
            {
                errors.Add(new RowError(row.Number, emailColumn, RowReasons.Suppressed, reason));
                continue;
            }
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var column in sheet.Fields)
            {
                if (row[column] is { } value)
                    fields[column.Header] = value;
            }
            rows.Add(new AudienceRow(row.Number, email, row[sheet.Name], fields));
        }
        return new AudiencePreview(sheet.Fields.Select(f => f.Header).ToList(), rows, errors);
    }

    /// <summary>
    /// The address lower-cased, or null when it is not one mailbox's address (RFC 5322 addr-spec, a dotted domain): what
    /// MimeKit parses, with nothing around it.
    /// </summary>
    public static string? Normalize(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length is 0 or > 254 || trimmed.Contains(' ', StringComparison.Ordinal) || trimmed.Contains('<', StringComparison.Ordinal))
            return null;
        if (!MailboxAddress.TryParse(ParserOptions.Default, trimmed, out var mailbox) || mailbox.Address != trimmed)
            return null;
        var at = trimmed.LastIndexOf('@');
        if (at <= 0 || at == trimmed.Length - 1)
            return null;
        var domain = trimmed[(at + 1)..];
        if (!domain.Contains('.', StringComparison.Ordinal) || domain.StartsWith('.') || domain.EndsWith('.') || domain.Contains("..", StringComparison.Ordinal))
            return null;
        return trimmed.ToLowerInvariant();
    }
}
