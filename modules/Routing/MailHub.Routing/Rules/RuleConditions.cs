namespace MailHub.Routing.Rules;

/// <summary>
/// Conditions of a rule. Each list given must have a match (lists combine with AND, the entries of a
/// list with OR); a rule with no conditions matches every conversation.
/// </summary>
internal sealed record RuleConditions(
    IReadOnlyList<Guid>? MailboxIds = null,
    IReadOnlyList<string>? SenderDomains = null,
    IReadOnlyList<string>? SenderAddresses = null,
    IReadOnlyList<string>? Keywords = null,
    IReadOnlyList<string>? Languages = null)
{
    public bool Matches(ConversationFacts conversation)
    {
        if (MailboxIds is { Count: > 0 } && !MailboxIds.Contains(conversation.MailboxId))
            return false;
        if (SenderAddresses is { Count: > 0 } && !SenderAddresses.Any(a => a.Trim().Equals(conversation.SenderAddress.Trim(), StringComparison.OrdinalIgnoreCase)))
            return false;
        if (SenderDomains is { Count: > 0 } && !SenderDomains.Any(d => IsInDomain(conversation.SenderAddress, d)))
            return false;
        if (Keywords is { Count: > 0 } && !Keywords.Any(k => Mentions(conversation, k)))
            return false;
        if (Languages is { Count: > 0 })
        {
            var language = conversation.Language ?? LanguageGuess.Of(conversation.Subject + "\n" + conversation.Text);
            if (language is null || !Languages.Any(l => IsLanguage(language, l)))
                return false;
        }
        return true;
    }

    /// <summary>The address's domain is <paramref name="domain"/> or a subdomain of it (support.example.cn is in example.cn).</summary>
    private static bool IsInDomain(string address, string domain)
    {
        var wanted = domain.Trim().TrimStart('@').TrimEnd('.');
        var at = address.LastIndexOf('@');
        if (at < 0 || wanted.Length == 0)
            return false;
        var actual = address[(at + 1)..].Trim().TrimEnd('>', '.');
        return actual.Equals(wanted, StringComparison.OrdinalIgnoreCase)
            || actual.EndsWith("." + wanted, StringComparison.OrdinalIgnoreCase);
    }

    private static bool Mentions(ConversationFacts conversation, string keyword)
    {
        var word = keyword.Trim();
        return word.Length > 0 && (conversation.Subject.Contains(word, StringComparison.OrdinalIgnoreCase)
            || (conversation.Text?.Contains(word, StringComparison.OrdinalIgnoreCase) ?? false));
    }

    /// <summary>"zh" matches zh, zh-CN and zh-Hant; "zh-CN" matches only zh-CN.</summary>
    private static bool IsLanguage(string actual, string wanted)
    {
        var tag = wanted.Trim().Replace('_', '-');
        actual = actual.Trim().Replace('_', '-');
        return actual.Equals(tag, StringComparison.OrdinalIgnoreCase)
            || actual.StartsWith(tag + "-", StringComparison.OrdinalIgnoreCase);
    }
}
