using System.Text.Json;
using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Weasel.Core;

namespace MailHub.Core.EventSourcing;

/// <summary>
/// The one Marten <see cref="IDocumentStore"/> of a node: event streams in schema <c>events</c> on the
/// product's <c>NpgsqlDataSource</c>, and the async daemon that runs the modules' subscriptions.
/// </summary>
public static class EventStoreRegistration
{
    public const string Schema = "events";

    public static IServiceCollection AddMailHubEventStore(this IServiceCollection services)
    {
        services.AddMarten(options =>
            {
                options.DatabaseSchemaName = Schema;
                options.Events.DatabaseSchemaName = Schema;
                // Stream ids are ours and readable: conversation-{id}, routing-{id}, inbound-{id}.
                options.Events.StreamIdentity = StreamIdentity.AsString;
                // Quick: the server numbers events; an append at an expected version is checked in the same call.
                options.Events.AppendMode = EventAppendMode.Quick;
                // Bodies as the product always wrote them (camelCase, enums by name), so a stored event reads back
                // whatever Marten's defaults become.
                options.UseSystemTextJsonForSerialization(new JsonSerializerOptions(JsonSerializerDefaults.Web),
                    EnumStorage.AsString, Casing.CamelCase);
                // The schema is created or updated at start-up, under the migration lock (ApplyEventStoreSchemaAsync),
                // never lazily by a request.
                options.AutoCreateSchemaObjects = AutoCreate.None;
                // A subscription wakes on an append's NOTIFY instead of waiting for its poll.
                options.Events.UseListenNotifyForEventAppends = true;
                SubscriptionDelivery.Configure(options);
            })
            .UseNpgsqlDataSource()
            // One node runs each subscription across the cluster (a PostgreSQL advisory lock per subscription).
            .AddAsyncDaemon(DaemonMode.HotCold);
        services.AddSingleton<StreamStarts>();
        return services;
    }

    /// <summary>
    /// Stores events of <typeparamref name="TEvent"/> under <paramref name="typeName"/>, a name that stays
    /// when the record is renamed or moved.
    /// </summary>
    public static IServiceCollection AddEventType<TEvent>(this IServiceCollection services, string typeName)
        where TEvent : class
    {
        services.ConfigureMarten(options => options.Events.MapEventType<TEvent>(typeName));
        return services;
    }

    /// <summary>Creates or updates the event store's tables and functions; nodes starting together take turns.</summary>
    public static Task ApplyEventStoreSchemaAsync(this IServiceProvider services) =>
        services.GetRequiredService<IDocumentStore>().Storage.ApplyAllConfiguredChangesToDatabaseAsync(AutoCreate.CreateOrUpdate);
}
