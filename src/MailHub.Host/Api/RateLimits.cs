using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using MailHub.Core.Http;
using Microsoft.AspNetCore.RateLimiting;

namespace MailHub.Host.Api;

/// <summary>One limit of <c>MailHub:RateLimits:{policy}</c>: so many calls per window.</summary>
internal sealed record RateLimitSetting(int PermitLimit, TimeSpan Window);

/// <summary>
/// The rate limits of <see cref="RateLimitPolicies"/> (fixed windows, per signed-in account, else per client IP);
/// a spent limit answers 429 problem details with Retry-After (RFC 9110 §10.2.3) saying when to try again.
/// </summary>
internal static class RateLimits
{
    private static readonly Dictionary<string, RateLimitSetting> Defaults = new()
    {
        [RateLimitPolicies.SignIn] = new(10, TimeSpan.FromMinutes(1)),
        [RateLimitPolicies.ConnectionTest] = new(10, TimeSpan.FromMinutes(1)),
        [RateLimitPolicies.TestSend] = new(5, TimeSpan.FromMinutes(1)),
        [RateLimitPolicies.Search] = new(120, TimeSpan.FromMinutes(1)),
    };

    public static void AddMailHubRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRateLimiter(limiter =>
        {
            foreach (var policy in RateLimitPolicies.All)
            {
                var setting = configuration.GetSection($"MailHub:RateLimits:{policy}").Get<RateLimitSetting>() ?? Defaults[policy];
                limiter.AddPolicy(policy, context => RateLimitPartition.GetFixedWindowLimiter(
                    policy == RateLimitPolicies.SignIn ? IpOf(context) : PartitionOf(context),
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = setting.PermitLimit, Window = setting.Window, QueueLimit = 0 }));
            }
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
                        detail: $"Try again in {seconds} seconds.")
                    .ExecuteAsync(rejected.HttpContext);
            };
        });
    }

    private static string PartitionOf(HttpContext context) =>
        context.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } account
            ? "account:" + account
            : IpOf(context);

    // Sign-ins are counted per address whoever is signed in already: a signed-in browser guessing another account's password is still one address.
    private static string IpOf(HttpContext context) => "ip:" + context.Connection.RemoteIpAddress;
}
