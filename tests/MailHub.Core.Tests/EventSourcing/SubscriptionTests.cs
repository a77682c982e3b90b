using MailHub.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace MailHub.Core.Tests.EventSourcing;

public sealed class SubscriptionTests
{
    [Fact]
    public async Task A_subscription_gets_every_event_in_order_per_stream()
    {
        var deliveries = new Deliveries();
        using var node = await EventNodes.StartAsync(await TestDatabase.CreateAsync("sub_order"), deliveries);
        for (var n = 1; n <= 5; n++)
        {
            for (var s = 0; s < 4; s++)
                await node.AppendAsync($"conversation-{s}", n == 1 ? null : n - 1, n);
        }

        await deliveries.WaitUntilAsync(seen => seen.Select(e => (e.Stream, e.N)).Distinct().Count() == 20, "all 20 events arrived");
        foreach (var stream in deliveries.Seen.GroupBy(e => e.Stream))
            Assert.Equal([1, 2, 3, 4, 5], stream.Select(e => e.N).Distinct());
        await node.StopAsync();
    }

    /// <summary>
    /// The risk of a global order read from a sequence: an append draws its number, then commits after
    /// appends that drew later numbers. The daemon must wait for it, not skip it, however long it takes
    /// (here many times its stale-sequence threshold, lowered to make the daemon consider skipping early).
    /// </summary>
    [Fact]
    public async Task An_event_that_commits_after_later_ones_is_still_delivered_and_before_them()
    {
        var deliveries = new Deliveries();
        using var node = await EventNodes.StartAsync(await TestDatabase.CreateAsync("sub_late"), deliveries,
            options => options.Projections.StaleSequenceThreshold = TimeSpan.FromMilliseconds(200));
        await node.AppendAsync("conversation-before", null, 1);
        await deliveries.WaitUntilAsync(seen => seen.Count > 0, "the first event arrived");

        var dataSource = node.Services.GetRequiredService<NpgsqlDataSource>();
        await using var slow = await dataSource.OpenConnectionAsync();
        await using var open = await slow.BeginTransactionAsync();
        await node.AppendAsync(open, "conversation-slow", null, 1);
        for (var n = 1; n <= 10; n++)
            await node.AppendAsync($"conversation-fast-{n}", null, n);
        // Long past the threshold, with the daemon polling all the while: nothing after the open append is
        // delivered, since delivering it would mean moving past the slow one.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.DoesNotContain(deliveries.Seen, e => e.Stream != "conversation-before");

        await open.CommitAsync();
        await deliveries.WaitUntilAsync(seen => seen.Count(e => e.Stream.StartsWith("conversation-fast-", StringComparison.Ordinal)) == 10,
            "the later appends arrived");
        var order = deliveries.Seen.Select(e => e.Stream).ToList();
        Assert.Contains("conversation-slow", order);
        Assert.True(order.IndexOf("conversation-slow") < order.IndexOf("conversation-fast-1"), string.Join(", ", order));
        await node.StopAsync();
    }

    [Fact]
    public async Task After_a_restart_the_subscription_resumes_and_delivers_again_what_it_had_not_saved()
    {
        var database = await TestDatabase.CreateAsync("sub_restart");
        var first = new Deliveries();
        using (var node = await EventNodes.StartAsync(database, first))
        {
            await node.AppendAsync("conversation-saved", null, 1, 2);
            await first.WaitUntilAsync(seen => seen.Count == 2, "the saved events arrived");
            // Its page is saved once handled; the next page fails on its second event (a handler bug,
            // or the node dying mid-page), so its progress is not saved.
            first.FailOn = ("conversation-unsaved", 2);
            await node.AppendAsync("conversation-unsaved", null, 1, 2, 3);
            await first.WaitUntilAsync(seen => seen.Any(e => e.Stream == "conversation-unsaved" && e.N == 2), "the failing event was tried");
            await node.StopAsync();
        }
        Assert.DoesNotContain(first.Seen, e => e.Stream == "conversation-unsaved" && e.N == 3);

        var second = new Deliveries();
        using (var node = await EventNodes.StartAsync(database, second))
        {
            await node.AppendAsync("conversation-after", null, 1);
            await second.WaitUntilAsync(seen => seen.Any(e => e.Stream == "conversation-after"), "the new event arrived");
            await node.StopAsync();
        }
        var again = second.Seen.Select(e => (e.Stream, e.N)).ToList();
        Assert.DoesNotContain(("conversation-saved", 1), again);
        Assert.Equal([("conversation-unsaved", 1), ("conversation-unsaved", 2), ("conversation-unsaved", 3), ("conversation-after", 1)], again);
    }
}
