namespace MailHub.People.Contracts;

/// <summary>
/// Which customers a campaign's audience takes from the directory; every condition given must hold (null: any).
/// <paramref name="Tags"/>: customers with at least one of them; <paramref name="Company"/>: the company's name contains
/// it, ignoring case; the times are the customer's creation and its last conversation, from (inclusive) and before.
/// </summary>
public sealed record CustomerFilter(
    IReadOnlyList<string>? Tags = null,
    string? Company = null,
    DateTimeOffset? CreatedAfter = null,
    DateTimeOffset? CreatedBefore = null,
    DateTimeOffset? LastConversationAfter = null,
    DateTimeOffset? LastConversationBefore = null);

/// <summary>One address of a customer (a customer with several addresses gives one each).</summary>
public sealed record CustomerAddress(Guid CustomerId, string Email, string Name, string? Company, IReadOnlyList<string> Tags);

/// <summary>The directory's customers as an audience for campaigns.</summary>
public interface ICustomerAudience
{
    /// <summary>
    /// The addresses of the customers (not merged away) that match, oldest customer first, read as they are consumed: a
    /// directory of 100,000 customers is never held in memory at once. Each address comes once (addresses are unique).
    /// </summary>
    IAsyncEnumerable<CustomerAddress> StreamAsync(CustomerFilter filter, CancellationToken cancellationToken = default);
}
