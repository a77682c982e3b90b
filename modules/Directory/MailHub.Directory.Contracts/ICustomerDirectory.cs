namespace MailHub.People.Contracts;

/// <summary>A customer as other modules see it. <see cref="Emails"/> are its contacts' addresses.</summary>
public sealed record CustomerRef(Guid Id, string Name, string? Company, IReadOnlyList<string> Emails);

/// <summary>The customers of the directory, for modules that meet them in mail.</summary>
public interface ICustomerDirectory
{
    /// <summary>
    /// The customer whose contact has this address (compared case-insensitively), or a new customer
    /// named after the display name (the address's local part when there is none). Two concurrent
    /// calls for the same new address give one customer.
    /// </summary>
    Task<CustomerRef> MatchOrCreateAsync(string email, string? displayName, CancellationToken cancellationToken = default);

    /// <summary>The customer, or the one it was merged into; null when there is no such customer.</summary>
    Task<CustomerRef?> FindAsync(Guid id, CancellationToken cancellationToken = default);
}
