namespace MailHub.Core.Http;

/// <summary>
/// The names of the rate limits (ASP.NET Core's rate limiter) that guard expensive calls; an endpoint names one with
/// <c>Options(b => b.RequireRateLimiting(RateLimitPolicies.ConnectionTest))</c>. Each is set in
/// <c>MailHub:RateLimits:{name}</c> (<c>PermitLimit</c> per <c>Window</c>, per signed-in account, else per IP) and
/// answers 429 with Retry-After when spent.
/// </summary>
public static class RateLimitPolicies
{
    /// <summary>Signing in (per IP; the account's own lockout is separate).</summary>
    public const string SignIn = "SignIn";

    /// <summary>Connection tests of a mailbox: each opens IMAP/POP3/SMTP sessions to a provider.</summary>
    public const string ConnectionTest = "ConnectionTest";

    /// <summary>Test sends through a mailbox: each sends a real mail.</summary>
    public const string TestSend = "TestSend";

    /// <summary>Searches and suggestions over conversations and the directory.</summary>
    public const string Search = "Search";

    public static readonly IReadOnlyList<string> All = [SignIn, ConnectionTest, TestSend, Search];
}
