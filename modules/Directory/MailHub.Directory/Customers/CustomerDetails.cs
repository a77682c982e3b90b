namespace MailHub.People.Customers;

/// <summary>One customer with its conversations, newest first (what GET /api/directory/customers/{id} answers).</summary>
internal sealed record CustomerDetails(
    Guid Id, string Name, string? Company, string? Phone, string? Notes, IReadOnlyList<string> Emails, IReadOnlyList<Contact> Contacts,
    IReadOnlyList<string> Tags, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, IReadOnlyList<CustomerConversation> Conversations)
{
    public static CustomerDetails Of(Customer customer, IReadOnlyList<CustomerConversation> conversations) => new(
        customer.Id, customer.Name, customer.Company, customer.Phone, customer.Notes, customer.Contacts.Select(c => c.Email).ToList(),
        customer.Contacts, customer.Tags, customer.CreatedAt, customer.UpdatedAt, conversations);
}
