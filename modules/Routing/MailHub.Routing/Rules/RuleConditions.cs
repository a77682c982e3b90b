using System.Text.Json.Serialization;

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
    public bool Matches(ConversationFacts conversation) => Explain(conversation).All(c => c.Matched);

    /// <summary>Each condition the rule has, whether the conversation meets it, and what it found (for "try it").</summary>
    public IReadOnlyList<ConditionTrial> Explain(ConversationFacts conversation)
    {
        var trials = new List<ConditionTrial>();
        if (MailboxIds is { Count: > 0 })
            trials.Add(new(ConditionKind.Mailbox, MailboxIds.Contains(conversation.MailboxId), [.. MailboxIds.Select(id => id.ToString())],
                conversation.MailboxId.ToString()));
        if (SenderAddresses is { Count: > 0 })
        {
            var found = SenderAddresses.FirstOrDefault(a => a.Trim().Equals(conversation.SenderAddress.Trim(), StringComparison.OrdinalIgnoreCase));
            trials.Add(new(ConditionKind.SenderAddress, found is not null, SenderAddresses, conversation.SenderAddress));
        }
        if (SenderDomains is { Count: > 0 })
        {
            var found = SenderDomains.FirstOrDefault(d => IsInDomain(conversation.SenderAddress, d));
            trials.Add(new(ConditionKind.SenderDomain, found is not null, SenderDomains, found ?? DomainOf(conversation.SenderAddress)));
        }
        if (Keywords is { Count: > 0 })
        {
            var found = Keywords.FirstOrDefault(k => Mentions(conversation, k));
            trials.Add(new(ConditionKind.Keyword, found is not null, Keywords, found?.Trim()));
        }
        if (Languages is { Count: > 0 })
        {
            var language = LanguageOf(conversation);
            trials.Add(new(ConditionKind.Language, language is not null && Languages.Any(l => IsLanguage(language, l)), Languages, language));
        }
        return trials;
    }

    /// <summary>The conversation's language as it came (the mail's), else guessed from its subject and text.</summary>
    public static string? LanguageOf(ConversationFacts conversation) =>
        conversation.Language ?? LanguageGuess.Of(conversation.Subject + "\n" + conversation.Text);

    private static string? DomainOf(string address)
    {
        var at = address.LastIndexOf('@');
        return at < 0 ? null : address[(at + 1)..].Trim().TrimEnd('>', '.');
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

/// <summary>What a condition looks at.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ConditionKind>))]
internal enum ConditionKind
{
    [JsonStringEnumMemberName("mailbox")] Mailbox,
    [JsonStringEnumMemberName("senderAddress")] SenderAddress,
    [JsonStringEnumMemberName("senderDomain")] SenderDomain,
    [JsonStringEnumMemberName("keyword")] Keyword,
    [JsonStringEnumMemberName("language")] Language,
}

/// <summary>
/// One condition of a rule tried on a message: what the rule wants (any of), whether it is met, and what the message
/// has (the keyword or domain that matched, else the sender's domain, the mailbox, the language).
/// </summary>
internal sealed record ConditionTrial(ConditionKind Kind, bool Matched, IReadOnlyList<string> Wanted, string? Found);
