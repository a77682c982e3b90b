namespace MailHub.Campaigns.Contracts;

/// <summary>
/// The addresses no campaign sends to, whatever list they come from: unsubscribed, hard-bounced, complained, or added by
/// hand. Other modules may add to it (a bounce or a complaint seen elsewhere) and ask it.
/// </summary>
public interface ISuppressionList
{
    Task<bool> IsSuppressedAsync(string email, CancellationToken cancellationToken = default);

    /// <summary>Adds the address (kept once, with its first reason) and marks it so in every list: at once for every campaign.</summary>
    Task SuppressAsync(string email, string reason, CancellationToken cancellationToken = default);
}

/// <summary>Why an address is suppressed.</summary>
public static class SuppressionReasons
{
    public const string Unsubscribed = "unsubscribed";
    public const string Bounced = "bounced";
    public const string Complained = "complained";
    public const string Manual = "manual";

    public static bool IsKnown(string reason) => reason is Unsubscribed or Bounced or Complained or Manual;
}
