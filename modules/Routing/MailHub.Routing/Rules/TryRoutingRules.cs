using FastEndpoints;
using FluentValidation;
using MailHub.Core.Audit;

namespace MailHub.Routing.Rules;

/// <summary>POST /api/routing/rules/try: a sample message as it would arrive.</summary>
/// <remarks><c>language</c>: the mail's own (Content-Language); left out, it is guessed from the subject and text as on arrival.</remarks>
internal sealed record TryRoutingRulesRequest(Guid? MailboxId, string From, string? Subject, string? Body, string? Language);

internal sealed class TryRoutingRulesRequestValidator : Validator<TryRoutingRulesRequest>
{
    public TryRoutingRulesRequestValidator()
    {
        RuleFor(r => r.From)
            .Must(from => !string.IsNullOrWhiteSpace(from) && from.Contains('@'))
            .WithMessage("Give the sender's address, e.g. li.na@example.cn.");
        RuleFor(r => r.Body).MaximumLength(100_000).WithMessage("Keep the sample's text to 100,000 characters.");
    }
}

/// <summary>One rule tried on the sample: whether it matched, whether it is the one that wins, and each condition's answer.</summary>
internal sealed record RuleTrial(Guid Id, string Name, int Order, bool Enabled, bool Matched, bool Wins, IReadOnlyList<ConditionTrial> Conditions);

/// <summary>
/// Where the sample would go: the winning rule (null: none matches, the conversation stays unassigned in no team), the
/// language the rules saw, and every rule in order with why it matched or not.
/// </summary>
internal sealed record RoutingTrial(Guid? WinnerId, string? Language, IReadOnlyList<RuleTrial> Rules);

/// <summary>POST /api/routing/rules/try: "try it" on a sample message, changing nothing.</summary>
[ChangesNothing]
internal sealed class TryRoutingRules(RuleStore store) : Endpoint<TryRoutingRulesRequest, RoutingTrial>
{
    /// <summary>Rules see the first 200 characters of the text, as the conversation's opening carries them.</summary>
    private const int SnippetLength = 200;

    public override void Configure()
    {
        Post("/routing/rules/try");
        Summary(s =>
        {
            s.Summary = "Try the rules on a sample message, changing nothing.";
            s.Description = "Runs every rule, in order, on the sample (mailbox, sender, subject, text, language) as on a new conversation: "
                + "the first enabled rule that matches wins (winnerId; null when none does). Each rule is answered with each of its "
                + "conditions: what it wants, whether the sample meets it, and what the sample has. Rules see the first 200 characters "
                + "of the text, as on arrival. 400 without a sender address.";
        });
    }

    public override async Task HandleAsync(TryRoutingRulesRequest request, CancellationToken cancellationToken)
    {
        var text = request.Body is { Length: > SnippetLength } body ? body[..SnippetLength] : request.Body;
        var facts = new ConversationFacts(request.MailboxId ?? Guid.Empty, request.From.Trim(), request.Subject ?? "", text,
            string.IsNullOrWhiteSpace(request.Language) ? null : request.Language.Trim());
        Guid? winner = null;
        var trials = new List<RuleTrial>();
        foreach (var rule in await store.ListAsync(enabledOnly: false, cancellationToken))
        {
            var conditions = rule.Conditions.Explain(facts);
            var matched = conditions.All(c => c.Matched);
            var wins = winner is null && rule.Enabled && matched;
            if (wins)
                winner = rule.Id;
            trials.Add(new RuleTrial(rule.Id, rule.Name, rule.Order, rule.Enabled, matched, wins, conditions));
        }
        await Send.OkAsync(new RoutingTrial(winner, RuleConditions.LanguageOf(facts), trials), cancellationToken);
    }
}
