namespace MailHub.Core.Accounts;

/// <summary>How an e-mail and password fared (<see cref="AccountSignIn"/>).</summary>
public abstract record SignInAttempt
{
    /// <summary>The password matched an enabled, unlocked account.</summary>
    public sealed record Succeeded(Account Account, bool MustChangePassword) : SignInAttempt;

    /// <summary>No such account, a wrong password or a disabled account: the caller is not told which.</summary>
    public sealed record Refused(Guid? AccountId) : SignInAttempt;

    /// <summary>The account is locked until <see cref="Until"/> (<see cref="Remaining"/> from now, by the database's clock).</summary>
    public sealed record Locked(Guid AccountId, DateTimeOffset Until, TimeSpan Remaining) : SignInAttempt;
}
