using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using MailHub.Testing;

namespace MailHub.Host.Tests.Doors;

/// <summary>A host with low sign-in limits of its own: 3 failures lock for 15 minutes, 6 sign-ins a minute per account.</summary>
public sealed class LowSignInLimitsHost : MailHubFactory
{
    public LowSignInLimitsHost()
    {
        Settings["MailHub:RateLimits:Lockout:Failures"] = "3";
        Settings["MailHub:RateLimits:Lockout:Duration"] = "00:15:00";
        Settings["MailHub:RateLimits:SignInPerAccount:PermitLimit"] = "6";
        Settings["MailHub:RateLimits:SignInPerAccount:Window"] = "00:10:00";
    }
}

public sealed partial class SignInLimitTests(LowSignInLimitsHost host) : IClassFixture<LowSignInLimitsHost>
{
    [Fact]
    public async Task Three_failures_in_a_row_lock_the_account_with_a_429_that_says_when_to_try_again()
    {
        var admin = await host.CreateClientAsync();
        await admin.CreateAgentAsync("guessed");
        var client = await host.ClientAsync();
        var email = Doors.Email("guessed");

        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/auth/token", new { email, password = $"guess-{i}" })).StatusCode);
        var third = await client.PostAsJsonAsync("/api/auth/sign-in", new { email, password = "guess-2" });

        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        var retryAfter = int.Parse(third.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 14 * 60, 15 * 60);
        var problem = await third.JsonAsync();
        Assert.Equal("Account locked", problem.GetProperty("title").GetString());
        var detail = problem.GetProperty("detail").GetString()!;
        var said = LockMessage().Match(detail);
        Assert.True(said.Success, detail);
        Assert.Equal("15", said.Groups["minutes"].Value);
        var at = DateTimeOffset.UtcNow.AddSeconds(retryAfter);
        Assert.Contains(said.Groups["at"].Value, new[] { at.AddMinutes(-1), at, at.AddMinutes(1) }.Select(t => t.ToString("HH:mm", CultureInfo.InvariantCulture)));

        // Locked means locked: the right password too, by either door.
        var right = await client.PostAsJsonAsync("/api/auth/token", new { email, password = Doors.AgentPassword });
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.True(right.Headers.Contains("Retry-After"));
    }

    [Fact]
    public async Task Too_many_sign_ins_for_one_account_are_limited_even_when_right()
    {
        var admin = await host.CreateClientAsync();
        await admin.CreateAgentAsync("busy");
        var client = await host.ClientAsync();
        var email = Doors.Email("busy");

        for (var i = 0; i < 6; i++)
            await client.TokenAsync(email, Doors.AgentPassword);
        var seventh = await client.PostAsJsonAsync("/api/auth/token", new { email = email.ToUpperInvariant(), password = Doors.AgentPassword });

        Assert.Equal(HttpStatusCode.TooManyRequests, seventh.StatusCode);
        Assert.True(seventh.Headers.Contains("Retry-After"));
        Assert.Equal("Too many sign-ins for this account", (await seventh.JsonAsync()).GetProperty("title").GetString());
        // Another account is not held up by this one.
        await admin.CreateAgentAsync("calm");
        await client.TokenAsync(Doors.Email("calm"), Doors.AgentPassword);
    }

    [GeneratedRegex(@"locked after 3 failed sign-ins in a row: try again at (?<at>\d\d:\d\d) UTC, in (?<minutes>\d+) minutes\.")]
    private static partial Regex LockMessage();
}

/// <summary>The per-IP limit (RateLimitPolicies.SignIn) holds on every sign-in door: token, cookie, refresh.</summary>
public sealed class SignInPerIpTests : IAsyncLifetime
{
    private readonly MailHubFactory _host = new();

    public async Task InitializeAsync()
    {
        _host.Settings["MailHub:RateLimits:SignIn:PermitLimit"] = "3";
        _host.Settings["MailHub:RateLimits:SignIn:Window"] = "00:10:00";
        await _host.InitializeAsync();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task The_fourth_sign_in_from_one_address_by_any_door_is_refused_with_Retry_After()
    {
        var client = await _host.ClientAsync();
        var token = await client.TokenAsync(MailHubFactory.AdminEmail, MailHubFactory.AdminPassword);
        await client.SignInAsync(MailHubFactory.AdminEmail, MailHubFactory.AdminPassword);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = token.RefreshToken })).StatusCode);

        var fourth = await client.PostAsJsonAsync("/api/auth/sign-in", new { email = MailHubFactory.AdminEmail, password = MailHubFactory.AdminPassword });

        Assert.Equal(HttpStatusCode.TooManyRequests, fourth.StatusCode);
        Assert.True(fourth.Headers.Contains("Retry-After"));
    }
}
