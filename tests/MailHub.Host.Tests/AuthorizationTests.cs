using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace MailHub.Host.Tests;

/// <summary>
/// Calls every endpoint of the running host (its routing table: minimal APIs, FastEndpoints, the SignalR hub, /docs) with
/// team A's ids, without credentials, as an agent of team B and as a supervisor, and checks each answer against
/// <see cref="AuthorizationRules"/>. A failure names every endpoint that answered wrongly, and every endpoint nobody
/// has decided about yet.
/// </summary>
public sealed class AuthorizationTests(AuthorizationDesk desk) : IClassFixture<AuthorizationDesk>
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public void Every_endpoint_has_a_decided_access_and_every_decision_an_endpoint()
    {
        var keys = Endpoints().Select(e => e.Key).ToHashSet();
        var problems = keys.Where(k => !AuthorizationRules.All.ContainsKey(k))
            .Select(k => $"{k}: in no list of AuthorizationRules: decide who may call it (and if anyone may, write down why)")
            .Concat(AuthorizationRules.All.Keys.Where(k => !keys.Contains(k)).Select(k => $"{k}: listed in AuthorizationRules, but the host has no such endpoint"))
            .ToList();

        Assert.True(problems.Count == 0, "Endpoints and AuthorizationRules disagree:\n" + string.Join("\n", problems));
    }

    [Fact]
    public async Task Without_credentials_every_endpoint_but_the_anonymous_ones_answers_401()
    {
        var anonymous = desk.CreateClient();
        var problems = new List<string>();

        foreach (var endpoint in Listed().Where(e => e.Rule.Access != Access.Anonymous))
        {
            var (status, _) = await CallAsync(anonymous, endpoint);
            if (status != HttpStatusCode.Unauthorized)
                problems.Add($"{endpoint.Key}: answered {(int)status} without credentials, not 401");
        }

        Assert.True(problems.Count == 0, "Open to anyone:\n" + string.Join("\n", problems));
    }

    [Fact]
    public async Task An_agent_of_another_team_gets_nothing_of_team_A_and_changes_no_settings()
    {
        var problems = new List<string>();

        foreach (var endpoint in Listed())
        {
            var access = endpoint.Rule.Access;
            if (access == Access.Anonymous || (access == Access.SignedIn && endpoint.Method != "GET"))
                continue;
            var (status, body) = await CallAsync(desk.OtherTeamAgent, endpoint);
            switch (access)
            {
                case Access.Admin or Access.Supervisor when status != HttpStatusCode.Forbidden:
                    problems.Add($"{endpoint.Key}: {access} only, answered {(int)status} to an agent, not 403");
                    break;
                case Access.Team or Access.SelfOrAdmin when status is not (HttpStatusCode.Forbidden or HttpStatusCode.NotFound):
                    problems.Add($"{endpoint.Key}: team A's, answered {(int)status} to an agent of team B, not 403 or 404");
                    break;
                case Access.SyncSource when status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden):
                    problems.Add($"{endpoint.Key}: a sync source's only, answered {(int)status} to an agent, not 401 or 403");
                    break;
                case Access.SignedIn when ShowsTeamAsConversation(body):
                    problems.Add($"{endpoint.Key}: answered an agent of team B with team A's conversation ({(int)status})");
                    break;
            }
        }

        Assert.True(problems.Count == 0, "An agent of team B reached team A or the settings:\n" + string.Join("\n", problems));
    }

    [Fact]
    public async Task A_supervisor_reads_and_acts_on_every_teams_conversations_but_changes_no_settings()
    {
        var problems = new List<string>();

        foreach (var endpoint in Listed())
        {
            var access = endpoint.Rule.Access;
            if (access == Access.Anonymous || (access == Access.SignedIn && endpoint.Method != "GET"))
                continue;
            var (status, _) = await CallAsync(desk.Supervisor, endpoint);
            var success = (int)status is >= 200 and < 300;
            switch (access)
            {
                case Access.Admin or Access.SelfOrAdmin when status != HttpStatusCode.Forbidden:
                    problems.Add($"{endpoint.Key}: answered {(int)status} to a supervisor, not 403");
                    break;
                case Access.SyncSource when status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden):
                    problems.Add($"{endpoint.Key}: a sync source's only, answered {(int)status} to a supervisor, not 401 or 403");
                    break;
                case Access.Team when endpoint.Method == "GET" && !success:
                    problems.Add($"{endpoint.Key}: team A's, answered {(int)status} to a supervisor, who reads every team's");
                    break;
                case Access.Team or Access.SignedIn or Access.Supervisor when status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden:
                    problems.Add($"{endpoint.Key}: refused a supervisor ({(int)status})");
                    break;
            }
        }

        // The list, unfiltered: team A's conversation is in the supervisor's.
        var list = await desk.Supervisor.GetStringAsync("/api/conversations?limit=200");
        if (!list.Contains(desk.ConversationId.ToString(), StringComparison.Ordinal))
            problems.Add("GET /api/conversations: a supervisor's list lacks team A's conversation");

        Assert.True(problems.Count == 0, "A supervisor was refused or allowed wrongly:\n" + string.Join("\n", problems));
    }

    [Fact]
    public async Task An_agent_of_team_B_is_refused_before_the_request_is_validated()
    {
        // No body at all: a settings endpoint that validated first would answer 400 and tell a stranger about its fields.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/channels/mailboxes")
        {
            Content = new StringContent("{}", Encoding.UTF8, "application/json"),
        };
        var response = await desk.OtherTeamAgent.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private bool ShowsTeamAsConversation(string body) =>
        body.Contains(desk.ConversationId.ToString(), StringComparison.OrdinalIgnoreCase) || body.Contains(desk.Subject, StringComparison.Ordinal);

    /// <summary>GETs first, then the other writes, DELETEs last, so no call removes what a later one needs.</summary>
    private IEnumerable<ApiEndpoint> Listed() =>
        Endpoints().Where(e => AuthorizationRules.All.ContainsKey(e.Key))
            .OrderBy(e => e.Method switch { "GET" => 0, "DELETE" => 2, _ => 1 }).ThenBy(e => e.Key, StringComparer.Ordinal);

    private List<ApiEndpoint> Endpoints()
    {
        desk.CreateClient().Dispose(); // starts the host, which builds its routing table
        var source = desk.Services.GetRequiredService<EndpointDataSource>();
        return source.Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Where(m => m != "HEAD" && m != "OPTIONS")
                .Select(m => new ApiEndpoint(m, e.RoutePattern, AuthorizationRules.All.GetValueOrDefault(Key(m, e.RoutePattern)) ?? new EndpointRule(Access.Admin))))
            .DistinctBy(e => e.Key)
            .ToList();
    }

    private static string Key(string method, RoutePattern pattern) => $"{method} {Route(pattern, (_, p) => "{" + (p.IsCatchAll ? "**" : "") + p.Name + "}")}";

    /// <summary>The route written out, each parameter as <paramref name="parameter"/> gives it (the path before it, the parameter).</summary>
    private static string Route(RoutePattern pattern, Func<string, RoutePatternParameterPart, string?> parameter)
    {
        var path = new StringBuilder();
        foreach (var segment in pattern.PathSegments)
        {
            path.Append('/');
            foreach (var part in segment.Parts)
                path.Append(part switch
                {
                    RoutePatternLiteralPart literal => literal.Content,
                    RoutePatternSeparatorPart separator => separator.Content,
                    RoutePatternParameterPart p => parameter(path.ToString(), p)
                        ?? throw new InvalidOperationException($"No value for {{{p.Name}}} after {path}: give one in AuthorizationRules.RouteValue"),
                    _ => "",
                });
        }
        return path.Length == 0 ? "/" : path.ToString();
    }

    private async Task<(HttpStatusCode Status, string Body)> CallAsync(HttpClient client, ApiEndpoint endpoint)
    {
        var path = Route(endpoint.Pattern, (before, p) => AuthorizationRules.RouteValue(desk, before, p.Name));
        using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), path + (endpoint.Rule.Query?.Invoke(desk) ?? ""));
        if (endpoint.Method is "POST" or "PUT" or "PATCH")
        {
            var sent = endpoint.Rule.Body?.Invoke(desk) ?? new { };
            request.Content = sent as HttpContent
                ?? new StringContent(JsonSerializer.Serialize(sent, JsonSerializerOptions.Web), Encoding.UTF8, "application/json");
        }
        // Streams (server-sent events, a SignalR connection) answer their status and then keep going: read only the start.
        using var timeout = new CancellationTokenSource(CallTimeout);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        var body = response.Content.Headers.ContentType?.MediaType is "text/event-stream" ? "" : await ReadAsync(response, timeout.Token);
        return (response.StatusCode, body);
    }

    private static async Task<string> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return ""; // a stream that did not end: its status is what counts
        }
    }

    private sealed record ApiEndpoint(string Method, RoutePattern Pattern, EndpointRule Rule)
    {
        public string Key { get; } = AuthorizationTests.Key(Method, Pattern);
    }
}
