using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Testing;

namespace MailHub.Host.Tests;

public sealed class HostTests(MailHubFactory host) : IClassFixture<MailHubFactory>
{
    [Fact]
    public async Task Health_names_each_dependency_and_its_state()
    {
        var response = await host.CreateClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("healthy", body.GetProperty("status").GetString());
        Assert.Equal("up", body.GetProperty("dependencies").GetProperty("database").GetProperty("status").GetString());
        var cluster = body.GetProperty("dependencies").GetProperty("cluster");
        Assert.Equal("up", cluster.GetProperty("status").GetString());
        Assert.Equal("Active", cluster.GetProperty("data").GetProperty("siloStatus").GetString());
        Assert.Equal(1, cluster.GetProperty("data").GetProperty("activeSilos").GetInt32());
    }

    [Fact]
    public async Task Statements_are_prepared_but_planned_with_their_parameters_every_time()
    {
        var dataSource = host.Services.GetRequiredService<Npgsql.NpgsqlDataSource>();
        var settings = new Npgsql.NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        Assert.Equal(64, settings.MaxAutoPrepare);
        await using var command = dataSource.CreateCommand("SHOW plan_cache_mode");
        Assert.Equal("force_custom_plan", await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task The_OpenAPI_document_lists_the_routes_and_the_docs_page_serves_it_from_the_host()
    {
        var client = host.CreateClient();
        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/auth/token", paths);
        Assert.Contains("/api/auth/me", paths);

        var docs = await client.GetStringAsync("/docs/");
        Assert.Contains("openapi/v1.json", docs, StringComparison.Ordinal);
        // Scalar's script comes from the package, not a CDN: the reference works with no internet.
        Assert.Contains("<script src=\"scalar.js\"", docs, StringComparison.Ordinal); // then its CSP nonce
        var script = await client.GetAsync("/docs/scalar.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.True((await script.Content.ReadAsByteArrayAsync()).Length > 100_000);
    }

    [Fact]
    public async Task The_admin_from_configuration_gets_a_token_that_opens_the_api()
    {
        var anonymous = host.CreateClient();
        var token = await anonymous.PostAsJsonAsync("/api/auth/token", new { email = MailHubFactory.AdminEmail, password = MailHubFactory.AdminPassword });
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        var body = await token.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(string.IsNullOrEmpty(body.GetProperty("accessToken").GetString()));
        Assert.True(body.GetProperty("expiresIn").GetInt32() > 0);

        var client = await host.CreateClientAsync();
        var me = await client.GetFromJsonAsync<JsonElement>("/api/auth/me");
        Assert.Equal("admin", me.GetProperty("role").GetString());
        Assert.Equal(MailHubFactory.AdminEmail, me.GetProperty("email").GetString());
    }

    [Fact]
    public async Task Api_routes_without_a_token_answer_401_as_problem_details()
    {
        var response = await host.CreateClient().GetAsync("/api/auth/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_wrong_password_is_a_401_problem_and_a_malformed_request_names_the_field()
    {
        var client = host.CreateClient();
        var wrong = await client.PostAsJsonAsync("/api/auth/token", new { email = MailHubFactory.AdminEmail, password = "nope" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        var problem = await wrong.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Wrong e-mail or password", problem.GetProperty("title").GetString());

        var malformed = await client.PostAsJsonAsync("/api/auth/token", new { email = "not-an-address" });
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        var errors = (await malformed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        // Keyed by the JSON field, as a product refusal is (MailHub.Core.Http.Problems).
        Assert.Equal(["email", "password"], errors.EnumerateObject().Select(e => e.Name).Order().ToArray());
    }
}

public sealed class HealthWhenTheDatabaseIsDownTests : IAsyncLifetime
{
    private readonly MailHubFactory _host = new();

    public async Task InitializeAsync() => await _host.InitializeAsync();

    // The database comes back before the host stops: a node's silo leaves the cluster by writing its
    // membership row, and with the database gone for good it would wait out the shutdown timeout.
    public async Task DisposeAsync()
    {
        await SetConnectionsAllowedAsync(true);
        await _host.DisposeAsync();
    }

    private async Task SetConnectionsAllowedAsync(bool allowed)
    {
        var target = new Npgsql.NpgsqlConnectionStringBuilder(_host.ConnectionString);
        var database = target.Database!;
        target.Database = "postgres";
        await using var admin = new Npgsql.NpgsqlConnection(target.ConnectionString);
        await admin.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand($"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS {(allowed ? "true" : "false")}", admin);
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task Health_is_503_when_the_database_is_down()
    {
        // Start against a real database, then take it away: the host keeps running and reports it.
        var client = _host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);

        var target = new Npgsql.NpgsqlConnectionStringBuilder(_host.ConnectionString);
        var database = target.Database!;
        target.Database = "postgres";
        await using (var admin = new Npgsql.NpgsqlConnection(target.ConnectionString))
        {
            await admin.OpenAsync();
            await using var block = new Npgsql.NpgsqlCommand($"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS false", admin);
            await block.ExecuteNonQueryAsync();
            await using var kick = new Npgsql.NpgsqlCommand($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}'", admin);
            await kick.ExecuteNonQueryAsync();
        }
        Npgsql.NpgsqlConnection.ClearAllPools();

        var response = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("down", body.GetProperty("dependencies").GetProperty("database").GetProperty("status").GetString());
    }
}
