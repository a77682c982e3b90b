using JasperFx.Events;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace MailHub.Core.EventSourcing;

/// <summary>Handles the events of a durable subscription. Delivery is at least once: be idempotent.</summary>
public interface IEventHandler
{
    Task HandleAsync(IEvent recorded, CancellationToken cancellationToken);
}

/// <summary>
/// A handler that takes a subscription's page of events at once (set-based statements instead of one per event). The
/// daemon saves its progress after the page, so a crash delivers the whole page again: be idempotent for the page.
/// </summary>
public interface IEventPageHandler : IEventHandler
{
    Task HandlePageAsync(IReadOnlyList<IEvent> page, CancellationToken cancellationToken);
}

public static class EventSubscriptions
{
    /// <summary>
    /// Runs <typeparamref name="THandler"/> (scoped, one scope per page of events) as the Marten subscription
    /// <paramref name="name"/> for the events of <paramref name="eventTypes"/>: in order of the global sequence,
    /// at least once, on one node of the cluster at a time, resumed from its last saved page after a restart.
    /// </summary>
    public static IServiceCollection AddEventSubscription<THandler>(this IServiceCollection services, string name,
        params Type[] eventTypes)
        where THandler : class, IEventHandler
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (eventTypes.Length == 0)
            throw new ArgumentException("Name the event types the subscription handles.", nameof(eventTypes));
        services.AddScoped<THandler>();
        services.ConfigureMarten((provider, options) => options.Projections.Subscribe(
            new HandlerSubscription<THandler>(name, eventTypes, provider.GetRequiredService<IServiceScopeFactory>())));
        return services;
    }
}
