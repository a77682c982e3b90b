using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Conversations.Reading;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MailHub.Conversations.Tests;

public sealed class SearchTests(ConversationsHost host) : IClassFixture<ConversationsHost>
{
    [Fact]
    public async Task One_chinese_character_finds_exactly_the_conversations_containing_it()
    {
        var client = await host.CreateClientAsync();
        var refund = await host.DeliverConversationAsync(client, "Refund request S1", "您好，请帮我办理退款，谢谢。");
        var invoice = await host.DeliverConversationAsync(client, "Invoice request S2", "我需要开发票。");
        var both = await host.DeliverConversationAsync(client, "发票和退货 S3", "Order 42");

        Assert.Equal(Sorted(refund, both), await SearchAsync(client, "退")); // in a text, in a subject
        Assert.Equal(Sorted(invoice, both), await SearchAsync(client, "票"));
        Assert.Equal(Sorted(refund), await SearchAsync(client, "谢"));
        Assert.Equal(Sorted(refund, invoice, both), await SearchAsync(client, "张")); // the sender's name 张三
        Assert.Empty(await SearchAsync(client, "龙"));
        Assert.Equal(Sorted(refund), await SearchAsync(client, " 款 ")); // trimmed like any query

        // The unigram index gives the same answer as the substring search it stands in for, for every character seen.
        var database = host.Services.GetRequiredService<NpgsqlDataSource>();
        foreach (var character in "您好请帮我办理退款谢需要开发票和货张三")
        {
            await using var like = database.CreateCommand("SELECT id FROM conversations.conversations WHERE search LIKE '%' || $1 || '%'");
            like.Parameters.Add(new() { Value = character.ToString() });
            var expected = new HashSet<Guid>();
            await using (var reader = await like.ExecuteReaderAsync())
                while (await reader.ReadAsync())
                    expected.Add(reader.GetGuid(0));
            Assert.NotEmpty(expected);
            Assert.True(expected.SetEquals(await SearchAsync(client, character.ToString())), $"q={character}");
        }
    }

    [Theory]
    [InlineData("退", "conversations_search_unigrams")]
    [InlineData("退款", "conversations_search_bigrams")]
    [InlineData("退款单", "conversations_search")]
    [InlineData("customer@example", "conversations_search_head")]
    [InlineData("customer@example", "conversations_search")]
    public async Task The_list_query_for_short_chinese_searches_can_use_its_index(string query, string index)
    {
        await using var connection = await host.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        // The test table is too small for the planner to prefer an index on cost: take away the alternatives
        // (a sequential scan, walking conversations_activity), so only a usable search index avoids a Seq Scan.
        await using (var off = new NpgsqlCommand("SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off", connection, transaction))
            await off.ExecuteNonQueryAsync();
        await using var explain = new NpgsqlCommand { Connection = connection, Transaction = transaction };
        ConversationQueries.BuildList(explain, new ListFilter(null, null, null, null, query, null, 25, null, []));
        explain.CommandText = "EXPLAIN " + explain.CommandText;
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                plan.Add(reader.GetString(0));

        Assert.Contains(plan, line => line.Contains($"Bitmap Index Scan on {index} ", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, line => line.Contains("Seq Scan", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_latin_search_finds_subjects_senders_and_texts()
    {
        // The head (subject, customer) and the whole text are searched together (migration 0004): a match in
        // either finds the conversation, case-insensitively.
        var client = await host.CreateClientAsync();
        var inSubject = await host.DeliverConversationAsync(client, "Gizmotron warranty S4", "请帮忙。");
        var inText = await host.DeliverConversationAsync(client, "Question S5", "Is the GIZMOTRON covered?");
        var other = await host.DeliverConversationAsync(client, "Question S6", "Nothing to see.");

        Assert.Equal(Sorted(inSubject, inText), await SearchAsync(client, "gizmotron"));
        Assert.Equal(Sorted(inSubject), await SearchAsync(client, "tron warr"));
        var bySender = await SearchAsync(client, "customer@EXAMPLE.com");
        Assert.Superset(new HashSet<Guid>([inSubject, inText, other]), bySender.ToHashSet());
        Assert.Empty(await SearchAsync(client, "gizmotron-x"));
    }

    [Fact]
    public async Task A_search_pages_through_its_matches_newest_first()
    {
        // One match per page: the first step (the newest conversations) fills it, the last page does not.
        var client = await host.CreateClientAsync();
        var older = await host.DeliverConversationAsync(client, "Paging P1 砚台", "第一封");
        var newer = await host.DeliverConversationAsync(client, "Paging P2 砚台", "第二封");
        var q = Uri.EscapeDataString("砚台");

        var first = await client.GetFromJsonAsync<JsonElement>($"/api/conversations?limit=1&q={q}");
        Assert.Equal([newer], first.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
        var cursor = first.GetProperty("next").GetString();
        Assert.NotNull(cursor);

        var second = await client.GetFromJsonAsync<JsonElement>($"/api/conversations?limit=1&q={q}&cursor={Uri.EscapeDataString(cursor)}");
        Assert.Equal([older], second.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next").ValueKind);
    }

    /// <summary>The ids q= lists (all of them: this class's database holds a handful), sorted.</summary>
    private static async Task<List<Guid>> SearchAsync(HttpClient client, string q)
    {
        var list = await client.GetFromJsonAsync<JsonElement>("/api/conversations?limit=200&q=" + Uri.EscapeDataString(q));
        Assert.Equal(JsonValueKind.Null, list.GetProperty("next").ValueKind);
        return Sorted(list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToArray());
    }

    private static List<Guid> Sorted(params Guid[] ids) => ids.Order().ToList();
}
