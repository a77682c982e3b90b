namespace MailHub.Core.Accounts;

/// <summary>After <see cref="Failures"/> failed sign-ins in a row an account is locked for <see cref="Duration"/> (MailHub:RateLimits:Lockout).</summary>
public sealed record LockoutPolicy(int Failures, TimeSpan Duration)
{
    public static readonly LockoutPolicy Default = new(5, TimeSpan.FromMinutes(15));
}
