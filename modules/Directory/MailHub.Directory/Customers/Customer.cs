namespace MailHub.People.Customers;

internal sealed record Contact(string Email, string? DisplayName);

/// <summary>A customer; its tags are set with PUT /api/directory/customers/{id}/tags (campaign audiences filter by them).</summary>
internal sealed record Customer(
    Guid Id, string Name, string? Company, string? Phone, string? Notes, IReadOnlyList<Contact> Contacts,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, IReadOnlyList<string> Tags);

/// <summary>What can be edited on a customer besides its contacts.</summary>
internal sealed record CustomerFields(string Name, string? Company, string? Phone, string? Notes);

/// <summary>One line of a customer's history, projected from the Conversations module's events.</summary>
internal sealed record CustomerConversation(Guid ConversationId, long Number, Guid MailboxId, string Subject, string State, DateTimeOffset OpenedAt);

/// <summary>An address that belongs to another customer: merge the two customers instead.</summary>
internal sealed class ContactTakenException(string email, Guid ownerId)
    : Exception($"'{email}' belongs to customer {ownerId}: merge the two customers instead (POST /api/directory/customers/{{id}}/merge).")
{
    public string Email { get; } = email;

    public Guid OwnerId { get; } = ownerId;
}

internal enum MergeOutcome
{
    Merged,
    AlreadyMerged,
    NotFound,
    SameCustomer,
    SurvivorWasMerged,
    OtherWasMergedElsewhere,
}
