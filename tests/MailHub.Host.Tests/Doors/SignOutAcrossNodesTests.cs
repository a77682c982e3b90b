using System.Net;
using System.Net.Http.Json;
using MailHub.Testing;

namespace MailHub.Host.Tests.Doors;

/// <summary>
/// Two MailHub nodes on one database: a session signed out on one is refused by the other from the next request, and an
/// account locked on one is locked on the other (2 failures lock here).
/// </summary>
public sealed class SignOutAcrossNodesTests : IAsyncLifetime
{
    private readonly MailHubFactory _nodeA = new();
    private SecondNode _nodeB = null!;

    public async Task InitializeAsync()
    {
        _nodeA.Settings["MailHub:RateLimits:Lockout:Failures"] = "2";
        await _nodeA.InitializeAsync();
        _nodeB = new SecondNode(_nodeA);
        _nodeB.Settings["MailHub:RateLimits:Lockout:Failures"] = "2";
    }

    public async Task DisposeAsync()
    {
        await _nodeB.DisposeAsync();
        await _nodeA.DisposeAsync();
    }

    [Fact]
    public async Task A_bearer_token_and_a_cookie_signed_out_on_node_A_are_refused_on_node_B()
    {
        var onA = await _nodeA.ClientAsync();
        var onB = await _nodeB.ClientAsync();
        var token = await onA.TokenAsync(MailHubFactory.AdminEmail, MailHubFactory.AdminPassword);
        var (signIn, xsrf) = await onA.SignInAsync(MailHubFactory.AdminEmail, MailHubFactory.AdminPassword);
        var cookie = Doors.SetCookie(signIn, "MailHub.Session")!.Split(';')[0];
        HttpRequestMessage MeOnB(bool withCookie)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
            return withCookie ? WithCookie(request, cookie) : request.Bearer(token.AccessToken);
        }
        // Both work on B: the nodes share the Data Protection keys and the sessions.
        Assert.Equal(HttpStatusCode.OK, (await onB.SendAsync(MeOnB(withCookie: false))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await onB.SendAsync(MeOnB(withCookie: true))).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await onA.SendAsync(Doors.Post("/api/auth/sign-out").Bearer(token.AccessToken))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await onA.SendAsync(Doors.Post("/api/auth/sign-out").WithXsrf(xsrf))).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await onB.SendAsync(MeOnB(withCookie: false))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await onB.SendAsync(MeOnB(withCookie: true))).StatusCode);
        var refresh = await onB.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = token.RefreshToken });
        Assert.Equal(HttpStatusCode.Unauthorized, refresh.StatusCode);
    }

    [Fact]
    public async Task Disabling_an_account_on_node_A_signs_it_out_on_node_B()
    {
        var admin = await _nodeA.CreateClientAsync();
        var agent = await admin.CreateAgentAsync("leaver");
        var onB = await _nodeB.ClientAsync();
        var token = await onB.TokenAsync(Doors.Email("leaver"), Doors.AgentPassword);
        Assert.Equal(HttpStatusCode.OK, (await onB.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/auth/me").Bearer(token.AccessToken))).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/accounts/{agent}/disable", null)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized,
            (await onB.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/auth/me").Bearer(token.AccessToken))).StatusCode);
        var again = await onB.PostAsJsonAsync("/api/auth/token", new { email = Doors.Email("leaver"), password = Doors.AgentPassword });
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/accounts/{agent}/enable", null)).StatusCode);
        await onB.TokenAsync(Doors.Email("leaver"), Doors.AgentPassword);
    }

    [Fact]
    public async Task An_account_locked_by_failures_on_node_A_is_locked_on_node_B()
    {
        var admin = await _nodeA.CreateClientAsync();
        await admin.CreateAgentAsync("target");
        var onA = await _nodeA.ClientAsync();
        var onB = await _nodeB.ClientAsync();
        var email = Doors.Email("target");

        Assert.Equal(HttpStatusCode.Unauthorized, (await onA.PostAsJsonAsync("/api/auth/token", new { email, password = "guess-1" })).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await onA.PostAsJsonAsync("/api/auth/token", new { email, password = "guess-2" })).StatusCode);

        var onTheOtherNode = await onB.PostAsJsonAsync("/api/auth/sign-in", new { email, password = Doors.AgentPassword });
        Assert.Equal(HttpStatusCode.TooManyRequests, onTheOtherNode.StatusCode);
        Assert.Contains("try again at", (await onTheOtherNode.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static HttpRequestMessage WithCookie(HttpRequestMessage request, string cookie)
    {
        request.Headers.Add("Cookie", cookie);
        return request;
    }
}
