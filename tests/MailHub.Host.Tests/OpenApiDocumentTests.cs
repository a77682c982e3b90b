using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Testing;

namespace MailHub.Host.Tests;

/// <summary>
/// Walks /openapi/v1.json as a client generator would: every operation must say what it answers (a typed 2xx body, or
/// 204), carry a summary, a description and its module's tag, and every schema it reaches must be typed (no bare
/// <c>object</c>). A failure names each offending operation, so a new endpoint without a contract cannot slip in.
/// </summary>
public sealed class OpenApiDocumentTests(MailHubFactory host) : IClassFixture<MailHubFactory>
{
    private static readonly string[] Modules = ["Auth", "Audit", "Campaigns", "Channels", "Conversations", "Directory", "Routing"];

    [Fact]
    public async Task Every_operation_has_a_typed_success_answer_a_summary_a_description_and_its_module_tag()
    {
        var document = await host.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var problems = new List<string>();

        foreach (var path in document.GetProperty("paths").EnumerateObject())
        foreach (var operation in path.Value.EnumerateObject())
        {
            var name = $"{operation.Name.ToUpperInvariant()} {path.Name}";
            var op = operation.Value;
            if (!HasText(op, "summary"))
                problems.Add($"{name}: no summary");
            if (!HasText(op, "description"))
                problems.Add($"{name}: no description");
            var tags = op.TryGetProperty("tags", out var t) ? t.EnumerateArray().Select(x => x.GetString()).ToList() : [];
            if (tags.Count != 1 || !Modules.Contains(tags[0]))
                problems.Add($"{name}: tagged [{string.Join(", ", tags)}], not with one module of {string.Join(", ", Modules)}");

            var successes = op.GetProperty("responses").EnumerateObject().Where(r => r.Name.StartsWith('2')).ToList();
            if (successes.Count == 0)
                problems.Add($"{name}: no 2xx answer");
            foreach (var success in successes)
            {
                if (success.Name == "204")
                    continue;
                if (!success.Value.TryGetProperty("content", out var content) || !content.EnumerateObject().Any())
                {
                    problems.Add($"{name}: {success.Name} has no body schema (answer 204 if there is no body)");
                    continue;
                }
                foreach (var media in content.EnumerateObject())
                    CheckTyped(media.Value.GetProperty("schema"), schemas, $"{name} {success.Name} {media.Name}", problems, []);
            }
            if (op.TryGetProperty("requestBody", out var body))
                foreach (var media in body.GetProperty("content").EnumerateObject())
                    CheckTyped(media.Value.GetProperty("schema"), schemas, $"{name} request {media.Name}", problems, []);
        }

        Assert.True(problems.Count == 0, "The OpenAPI document is not a contract a client can be generated from:\n" + string.Join("\n", problems));
    }

    [Fact]
    public async Task Operations_that_need_a_sign_in_declare_the_bearer_scheme()
    {
        var document = await host.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());

        var token = document.GetProperty("paths").GetProperty("/api/auth/token").GetProperty("post");
        Assert.False(token.TryGetProperty("security", out _), "signing in cannot require being signed in");
        var me = document.GetProperty("paths").GetProperty("/api/auth/me").GetProperty("get");
        Assert.Equal("Bearer", me.GetProperty("security")[0].EnumerateObject().Single().Name);
    }

    private static bool HasText(JsonElement operation, string property) =>
        operation.TryGetProperty(property, out var value) && !string.IsNullOrWhiteSpace(value.GetString());

    /// <summary>A schema is typed when it names a type, a reference, or a combination of typed schemas; objects list their properties.</summary>
    private static void CheckTyped(JsonElement schema, JsonElement schemas, string where, List<string> problems, HashSet<string> seen)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            var id = reference.GetString()!.Split('/')[^1];
            if (seen.Add(id))
                CheckTyped(schemas.GetProperty(id), schemas, $"{where} → {id}", problems, seen);
            return;
        }
        foreach (var combination in new[] { "allOf", "oneOf", "anyOf" })
            if (schema.TryGetProperty(combination, out var parts))
            {
                foreach (var part in parts.EnumerateArray())
                    CheckTyped(part, schemas, where, problems, seen);
                return;
            }
        if (!schema.TryGetProperty("type", out var type))
        {
            problems.Add($"{where}: untyped schema {schema}");
            return;
        }
        switch (type.GetString())
        {
            case "array":
                CheckTyped(schema.GetProperty("items"), schemas, $"{where}[]", problems, seen);
                break;
            case "object":
                var hasProperties = schema.TryGetProperty("properties", out var properties);
                var hasMap = schema.TryGetProperty("additionalProperties", out var map) && map.ValueKind == JsonValueKind.Object;
                if (!hasProperties && !hasMap)
                    problems.Add($"{where}: an object with no properties (an anonymous or `object` type?)");
                if (hasProperties)
                    foreach (var property in properties.EnumerateObject())
                        CheckTyped(property.Value, schemas, $"{where}.{property.Name}", problems, seen);
                if (hasMap && map.EnumerateObject().Any(p => p.Name is "type" or "$ref" or "allOf" or "oneOf"))
                    CheckTyped(map, schemas, $"{where}{{}}", problems, seen);
                break;
        }
    }
}
