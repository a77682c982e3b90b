using MailHub.People.Contracts;

namespace MailHub.People.Customers;

/// <summary>The <see cref="ICustomerDirectory"/> other modules call (Conversations matches senders with it).</summary>
internal sealed class CustomerDirectory(CustomerStore store) : ICustomerDirectory
{
    public async Task<CustomerRef> MatchOrCreateAsync(string email, string? displayName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        return RefOf(await store.MatchOrCreateAsync(email, displayName, cancellationToken));
    }

    public async Task<CustomerRef?> FindAsync(Guid id, CancellationToken cancellationToken = default) =>
        await store.FindAsync(id, cancellationToken) is { } customer ? RefOf(customer) : null;

    private static CustomerRef RefOf(Customer customer) =>
        new(customer.Id, customer.Name, customer.Company, customer.Contacts.Select(c => c.Email).ToList());
}
