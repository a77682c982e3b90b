using System.Reflection;
using NJsonSchema.Generation;

namespace MailHub.Host.Api;

/// <summary>
/// Marks every property a record declares non-nullable as required in its schema, so a generated client types
/// <c>string</c> as <c>string</c> and <c>string?</c> as optional: the records are the contract, nullability included.
/// </summary>
internal sealed class NonNullableIsRequired : ISchemaProcessor
{
    private readonly NullabilityInfoContext _nullability = new();

    public void Process(SchemaProcessorContext context)
    {
        var schema = context.Schema;
        if (schema.Properties.Count == 0)
            return;
        foreach (var property in context.ContextualType.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var name = schema.Properties.Keys.FirstOrDefault(key => string.Equals(key, property.Name, StringComparison.OrdinalIgnoreCase));
            if (name is null || IsNullable(property))
                continue;
            if (!schema.RequiredProperties.Contains(name))
                schema.RequiredProperties.Add(name);
        }
    }

    private bool IsNullable(PropertyInfo property)
    {
        if (property.PropertyType.IsValueType)
            return Nullable.GetUnderlyingType(property.PropertyType) is not null;
        lock (_nullability)
            return _nullability.Create(property).ReadState != NullabilityState.NotNull;
    }
}
