using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Projections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MailHub.Core.EventSourcing;

public static class InlineProjections
{
    /// <summary>
    /// Registers <typeparamref name="TProjection"/> as the Marten projection <paramref name="name"/>, run inline: its
    /// writes go into the transaction of every session that appends its event types, so a read right after the
    /// append sees them. <see cref="ProjectionRebuild"/> rebuilds it from the events: the rows of
    /// <paramref name="tables"/> are deleted first, and writers of its event types wait until it is done.
    /// </summary>
    public static IServiceCollection AddInlineProjection<TProjection>(this IServiceCollection services, string name,
        params string[] tables)
        where TProjection : ProjectionBase, IProjection, new()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        services.ConfigureMarten(options =>
        {
            var projection = new TProjection { Name = name };
            if (projection.IncludedEventTypes.Count == 0)
                throw new ArgumentException($"The projection {name} names no event types (IncludeType): it would be handed every event.");
            options.Projections.Add(projection, ProjectionLifecycle.Inline, name, teardown =>
            {
                foreach (var table in tables)
                    teardown.DeleteDataInTableOnTeardown(table);
            });
            options.Listeners.Add(new RebuildGate(name, projection.IncludedEventTypes));
        });
        services.TryAddSingleton<ProjectionRebuild>();
        return services;
    }
}
