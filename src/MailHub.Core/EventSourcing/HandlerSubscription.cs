using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MailHub.Core.EventSourcing;

/// <summary>
/// A Marten subscription that hands each event of a page to a scoped <see cref="IEventHandler"/>. The daemon
/// saves the subscription's progress after the page, so a crash delivers the page again.
/// </summary>
internal sealed class HandlerSubscription<THandler> : SubscriptionBase
    where THandler : class, IEventHandler
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);
    private const int Attempts = 5;

    private readonly IServiceScopeFactory _scopes;

    public HandlerSubscription(string name, IEnumerable<Type> eventTypes, IServiceScopeFactory scopes)
    {
        _scopes = scopes;
        Name = name;
        foreach (var type in eventTypes)
            IncludeType(type);
    }

    public override async Task<IChangeListener> ProcessEventsAsync(EventRange page, ISubscriptionController controller,
        IDocumentOperations operations, CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var handler = scope.ServiceProvider.GetRequiredService<THandler>();
        if (handler is IEventPageHandler pages)
        {
            if (page.Events.Count > 0)
                await RetryAsync(() => pages.HandlePageAsync(page.Events, cancellationToken), cancellationToken);
            return NullChangeListener.Instance;
        }
        foreach (var recorded in page.Events)
            await RetryAsync(() => handler.HandleAsync(recorded, cancellationToken), cancellationToken);
        return NullChangeListener.Instance;
    }

    // A database that is restarting or a timeout passes: try the same event again rather than pause the
    // whole subscription. Anything else, or the same failure again and again, goes to the daemon, which
    // stops the subscription at this event.
    private static async Task RetryAsync(Func<Task> handle, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await handle();
                return;
            }
            catch (Exception e) when (attempt < Attempts && !cancellationToken.IsCancellationRequested &&
                                      e is NpgsqlException or TimeoutException)
            {
                await Task.Delay(RetryDelay * attempt, cancellationToken);
            }
        }
    }
}
