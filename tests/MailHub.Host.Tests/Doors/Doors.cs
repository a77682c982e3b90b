using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Testing;
using Microsoft.AspNetCore.Mvc.Testing;

namespace MailHub.Host.Tests.Doors;

/// <summary>Short-hands for signing in, as the console (cookie) and as a script (bearer) would.</summary>
internal static class Doors
{
    public const string AgentPassword = "agent-password-1";

    /// <summary>A client of its own (own cookies) on a thread of its own, as MailHubFactory.CreateClientAsync starts the host.</summary>
    public static Task<HttpClient> ClientAsync(this MailHubFactory host, bool https = false) =>
        Task.Factory.StartNew(() => host.CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri(https ? "https://localhost" : "http://localhost"),
            AllowAutoRedirect = false,
        }), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>Signs the client in with the console's cookie; answers the sign-in response (its Set-Cookie headers) and the XSRF token.</summary>
    public static async Task<(HttpResponseMessage Response, string Xsrf)> SignInAsync(this HttpClient client, string email, string password)
    {
        var response = await client.PostAsJsonAsync("/api/auth/sign-in", new { email, password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (response, CookieValue(response, "XSRF-TOKEN") ?? throw new InvalidOperationException("no XSRF-TOKEN cookie"));
    }

    public static async Task<TokenResponse> TokenAsync(this HttpClient client, string email, string password)
    {
        var response = await client.PostAsJsonAsync("/api/auth/token", new { email, password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<TokenResponse>())!;
    }

    public static HttpRequestMessage Bearer(this HttpRequestMessage request, string token)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    public static HttpRequestMessage WithXsrf(this HttpRequestMessage request, string xsrf)
    {
        request.Headers.Add("X-XSRF-TOKEN", xsrf);
        return request;
    }

    public static HttpRequestMessage Post(string path, object? body = null) =>
        new(HttpMethod.Post, path) { Content = body is null ? null : JsonContent.Create(body) };

    /// <summary>The Set-Cookie header of <paramref name="name"/> as sent (with its attributes), or null.</summary>
    public static string? SetCookie(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies)
            ? cookies.LastOrDefault(c => c.StartsWith(name + "=", StringComparison.Ordinal))
            : null;

    public static string? CookieValue(HttpResponseMessage response, string name) =>
        SetCookie(response, name)?.Split(';')[0][(name.Length + 1)..];

    /// <summary>An agent in a department of their own, created by the admin; answers the agent's id.</summary>
    public static async Task<Guid> CreateAgentAsync(this HttpClient admin, string account, string role = "agent")
    {
        var department = await admin.PostAsJsonAsync("/api/directory/departments", new { name = "Team " + account });
        Assert.Equal(HttpStatusCode.Created, department.StatusCode);
        var departmentId = (await department.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var member = await admin.PostAsJsonAsync("/api/directory/members", new
        {
            account, name = account, email = Email(account), password = AgentPassword, role, departmentIds = new[] { departmentId },
        });
        Assert.Equal(HttpStatusCode.Created, member.StatusCode);
        return (await member.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public static string Email(string account) => $"{account}@example.cn";

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    public sealed record TokenResponse(string AccessToken, int ExpiresIn, string RefreshToken);
}
