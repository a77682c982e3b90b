using System.Diagnostics;
using System.Globalization;
using System.Threading.RateLimiting;
using MailHub.Core.Accounts;
using MailHub.Core.Audit;

namespace MailHub.Host.Api.Auth;

/// <summary>
/// What every sign-in goes through (the console's cookie and the bearer token alike), after the per-IP limit
/// (<c>RateLimitPolicies.SignIn</c>) let it in: the per-account limit (<c>MailHub:RateLimits:SignInPerAccount</c>, this
/// node's memory, keyed by the e-mail tried), the account's lockout (<c>MailHub:RateLimits:Lockout</c>, in PostgreSQL, so on
/// every node), the password, and the audit line of the attempt. A refusal answers problem details; a lock says when to
/// try again, in words and in Retry-After.
/// </summary>
internal sealed class SignInGate : IDisposable
{
    private static readonly RateLimitSetting DefaultPerAccount = new(5, TimeSpan.FromMinutes(1));

    private readonly AccountSignIn _signIn;
    private readonly AuditLog _audit;
    private readonly LockoutPolicy _lockout;
    private readonly PartitionedRateLimiter<string> _perAccount;

    public SignInGate(AccountSignIn signIn, AuditLog audit, IConfiguration configuration)
    {
        _signIn = signIn;
        _audit = audit;
        _lockout = configuration.GetSection("MailHub:RateLimits:Lockout").Get<LockoutPolicy>() ?? LockoutPolicy.Default;
        var perAccount = configuration.GetSection("MailHub:RateLimits:SignInPerAccount").Get<RateLimitSetting>() ?? DefaultPerAccount;
        _perAccount = PartitionedRateLimiter.Create<string, string>(email => RateLimitPartition.GetFixedWindowLimiter(email,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = perAccount.PermitLimit, Window = perAccount.Window, QueueLimit = 0 }));
    }

    /// <summary>The account when the e-mail and password open it; else <paramref name="refusal"/> is the answer to send.</summary>
    public async Task<(SignInAttempt.Succeeded? Account, IResult? Refusal)> CheckAsync(HttpContext http, string email, string password,
        CancellationToken cancellationToken)
    {
        using var lease = _perAccount.AttemptAcquire(email.Trim().ToLowerInvariant());
        if (!lease.IsAcquired)
        {
            var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
            await _audit.WriteAsync(AuditRecord.Of(http, "SignInLimited", null, StatusCodes.Status429TooManyRequests, email));
            return (null, TooMany(http, wait, "Too many sign-ins for this account",
                $"Too many sign-ins for {email} in a short time: try again in {Seconds(wait)} seconds."));
        }

        switch (await _signIn.AttemptAsync(email, password, _lockout, cancellationToken))
        {
            case SignInAttempt.Succeeded succeeded:
                await _audit.WriteAsync(AuditRecord.Of(http, "SignIn", succeeded.Account.Id.ToString(), StatusCodes.Status200OK)
                    with { ActorId = succeeded.Account.Id, ActorEmail = succeeded.Account.Email });
                return (succeeded, null);
            case SignInAttempt.Locked locked:
                await _audit.WriteAsync(AuditRecord.Of(http, "SignInLocked", locked.AccountId.ToString(), StatusCodes.Status429TooManyRequests, email));
                return (null, TooMany(http, locked.Remaining, "Account locked", LockedMessage(locked)));
            case SignInAttempt.Refused refused:
                await _audit.WriteAsync(AuditRecord.Of(http, "SignInFailed", refused.AccountId?.ToString(), StatusCodes.Status401Unauthorized, email));
                return (null, Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Wrong e-mail or password",
                    detail: "Check the e-mail and password; an administrator can reset the password of an agent."));
            case var other:
                throw new UnreachableException($"Unknown sign-in outcome {other}");
        }
    }

    /// <summary>"try again at 10:42 UTC, in 14 minutes": the time to come back, and how long that is.</summary>
    internal string LockedMessage(SignInAttempt.Locked locked)
    {
        var at = locked.Until.ToUniversalTime().ToString("HH:mm", CultureInfo.InvariantCulture);
        var minutes = (int)Math.Ceiling(locked.Remaining.TotalMinutes);
        var wait = locked.Remaining < TimeSpan.FromMinutes(1)
            ? $"{Seconds(locked.Remaining)} seconds"
            : minutes == 1 ? "1 minute" : $"{minutes} minutes";
        return $"This account is locked after {_lockout.Failures} failed sign-ins in a row: try again at {at} UTC, in {wait}. "
            + "An administrator can unlock it by resetting the password.";
    }

    private static IResult TooMany(HttpContext http, TimeSpan wait, string title, string detail)
    {
        http.Response.Headers.RetryAfter = Seconds(wait).ToString(CultureInfo.InvariantCulture);
        return Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: title, detail: detail);
    }

    private static int Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));

    public void Dispose() => _perAccount.Dispose();
}
