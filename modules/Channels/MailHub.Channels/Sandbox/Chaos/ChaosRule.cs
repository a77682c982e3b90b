using System.Text.RegularExpressions;
using FastEndpoints;
using FluentValidation;

namespace MailHub.Channels.Sandbox.Chaos;

/// <summary>
/// One failure-injection rule of the QA sandbox.
/// </summary>
/// <param name="Direction">"inbound" (the SMTP listener, for sandbox addresses and endpoints only) or "outbound" (what MailHub sends while captured).</param>
/// <param name="Stage">Inbound only: "connect", "ehlo", "auth", "mail", "rcpt" or "data" (the end of DATA).</param>
/// <param name="Pattern">
/// What the rule applies to, "*" wildcards, case-insensitive: the recipient (rcpt, data, outbound), the sender (mail), the AUTH user
/// name (auth), the EHLO name (ehlo), the client's IP address (connect). "*@example.org" or "@example.org" for a domain; "*" or
/// nothing for everything.
/// </param>
/// <param name="Action">Inbound: "reply" (answer code and text instead), "delay" (answer late), "drop" (close the connection instead
/// of answering). Outbound: "reply" (the capture answers code and text: 4xx is retried by the outbox, 5xx fails the recipient) or
/// "bounce" (captured, then a delivery status notification comes back to the sending mailbox).</param>
/// <param name="Code">The reply code, 400–599 (reply); for a bounce the code in its Diagnostic-Code (from the status when left out).</param>
/// <param name="Text">The reply's text (an enhanced status code in front is kept, else one is added), or the bounce's diagnostic.</param>
/// <param name="Status">A bounce's RFC 3463 status, "5.1.1" when left out; a 4.x.x status reports the delivery as delayed.</param>
/// <param name="Probability">How often the rule fires when it matches, 0–100 (100 when left out).</param>
/// <param name="DelaySeconds">Inbound: how late the reply (or the drop) comes. Bounce: how long after the capture the report arrives (1 s when left out).</param>
internal sealed record ChaosRule(
    string Direction,
    string? Stage,
    string? Pattern,
    string Action,
    int? Code,
    string? Text,
    string? Status,
    int? Probability,
    double? DelaySeconds)
{
    public static readonly string[] Directions = ["inbound", "outbound"];
    public static readonly string[] Stages = ["connect", "ehlo", "auth", "mail", "rcpt", "data"];
    public static readonly string[] InboundActions = ["reply", "delay", "drop"];
    public static readonly string[] OutboundActions = ["reply", "bounce"];

    /// <summary>Inbound stages before RCPT TO: no recipient is known yet, so their rules act only on endpoints marked Sandbox.</summary>
    public static readonly string[] EndpointOnlyStages = ["connect", "ehlo", "auth", "mail"];

    /// <summary>The rule as stored and answered: lowercase words, the defaults filled in.</summary>
    public ChaosRule Normalized()
    {
        var direction = Direction.Trim().ToLowerInvariant();
        return new ChaosRule(direction,
            direction == "inbound" ? Stage?.Trim().ToLowerInvariant() : null,
            string.IsNullOrWhiteSpace(Pattern) ? "*" : Pattern.Trim(),
            Action.Trim().ToLowerInvariant(),
            Code,
            string.IsNullOrWhiteSpace(Text) ? null : Text.Trim(),
            Action.Trim().Equals("bounce", StringComparison.OrdinalIgnoreCase) ? (string.IsNullOrWhiteSpace(Status) ? "5.1.1" : Status.Trim()) : null,
            Probability ?? 100,
            DelaySeconds ?? 0);
    }

    /// <summary>The pattern as an anchored, case-insensitive expression ("*" any run of characters, "?" one).</summary>
    public Regex Matcher()
    {
        var pattern = string.IsNullOrWhiteSpace(Pattern) ? "*" : Pattern.Trim();
        if (pattern.StartsWith('@'))
            pattern = "*" + pattern;
        var expression = "^" + Regex.Escape(pattern).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$";
        return new Regex(expression, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeSpan.FromMilliseconds(100));
    }
}

/// <summary>GET and PUT /api/sandbox/chaos: the whole rule list; PUT with <c>{rules: []}</c> turns failure injection off.</summary>
internal sealed record ChaosRules(IReadOnlyList<ChaosRule> Rules);

/// <summary>The rules in force, with when and by whom they were last set.</summary>
internal sealed record ChaosRulesResponse(IReadOnlyList<ChaosRule> Rules, DateTimeOffset? UpdatedAt, string? UpdatedBy)
{
    /// <summary>This node's SMTP endpoints marked Sandbox (MailHub:Smtp:Endpoints:N:Sandbox), where connect, ehlo, auth and mail rules act.</summary>
    public IReadOnlyList<string> SandboxEndpoints { get; init; } = [];

    /// <summary>What to know about the rules as they are: a connect, ehlo, auth or mail rule acts only on sandbox endpoints.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}

internal sealed partial class ChaosRulesValidator : Validator<ChaosRules>
{
    public const int MaxRules = 100;

    public ChaosRulesValidator()
    {
        RuleFor(r => r.Rules).NotNull().WithMessage("Send {\"rules\": [...]}; {\"rules\": []} turns failure injection off.")
            .Must(r => r is null || r.Count <= MaxRules).WithMessage($"At most {MaxRules} rules.");
        RuleForEach(r => r.Rules).ChildRules(rule =>
        {
            rule.RuleFor(r => r.Direction).Must(d => ChaosRule.Directions.Contains(d?.Trim().ToLowerInvariant()))
                .WithMessage("direction is \"inbound\" (the SMTP listener) or \"outbound\" (what MailHub sends while captured).");
            rule.RuleFor(r => r.Stage).Must(s => ChaosRule.Stages.Contains(s?.Trim().ToLowerInvariant()))
                .When(r => IsInbound(r))
                .WithMessage("An inbound rule needs a stage: connect, ehlo, auth, mail, rcpt or data.");
            rule.RuleFor(r => r.Stage).Empty().When(r => IsOutbound(r))
                .WithMessage("An outbound rule has no stage: it answers the capture of a recipient that matches its pattern.");
            rule.RuleFor(r => r.Action).Must(a => ChaosRule.InboundActions.Contains(a?.Trim().ToLowerInvariant()))
                .When(r => IsInbound(r)).WithMessage("An inbound rule's action is reply, delay or drop.");
            rule.RuleFor(r => r.Action).Must(a => ChaosRule.OutboundActions.Contains(a?.Trim().ToLowerInvariant()))
                .When(r => IsOutbound(r)).WithMessage("An outbound rule's action is reply (answer the capture with code and text) or bounce.");
            rule.RuleFor(r => r.Code).NotNull().InclusiveBetween(400, 599).When(r => Is(r.Action, "reply"))
                .WithMessage("A reply needs a code from 400 to 599 (4xx: try again later, 5xx: refused for good).");
            rule.RuleFor(r => r.Code).InclusiveBetween(400, 599).When(r => Is(r.Action, "bounce") && r.Code is not null)
                .WithMessage("A bounce's code (its Diagnostic-Code) is from 400 to 599; leave it out to take it from the status.");
            rule.RuleFor(r => r.Status).Must(s => s is null || StatusCode().IsMatch(s.Trim()))
                .WithMessage("status is an RFC 3463 status such as 5.1.1 (failed) or 4.2.2 (delayed).");
            rule.RuleFor(r => r.Probability).InclusiveBetween(0, 100).WithMessage("probability is a percentage, 0 to 100 (100 when left out).");
            rule.RuleFor(r => r.DelaySeconds).InclusiveBetween(0, 300).WithMessage("delaySeconds is from 0 to 300.");
            rule.RuleFor(r => r.DelaySeconds).NotNull().GreaterThan(0).When(r => Is(r.Action, "delay"))
                .WithMessage("A delay rule needs delaySeconds (more than 0).");
            rule.RuleFor(r => r.Pattern).MaximumLength(320).WithMessage("pattern is at most 320 characters.");
            rule.RuleFor(r => r.Text).MaximumLength(500).Must(t => t is null || !t.Contains('\r') && !t.Contains('\n'))
                .WithMessage("text is one line of at most 500 characters.");
        });
    }

    private static bool Is(string? value, string expected) => string.Equals(value?.Trim(), expected, StringComparison.OrdinalIgnoreCase);

    private static bool IsInbound(ChaosRule rule) => Is(rule.Direction, "inbound");

    private static bool IsOutbound(ChaosRule rule) => Is(rule.Direction, "outbound");

    [GeneratedRegex(@"^[45]\.\d{1,3}\.\d{1,3}$")]
    private static partial Regex StatusCode();
}
