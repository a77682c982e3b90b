namespace MailHub.People.Customers;

/// <summary>A customer as the API lists it: emails are its contacts' addresses (the same order as contacts).</summary>
internal sealed record CustomerResponse(
    Guid Id, string Name, string? Company, string? Phone, string? Notes, IReadOnlyList<string> Emails, IReadOnlyList<Contact> Contacts,
    IReadOnlyList<string> Tags, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static CustomerResponse Of(Customer customer) => new(
        customer.Id, customer.Name, customer.Company, customer.Phone, customer.Notes, customer.Contacts.Select(c => c.Email).ToList(),
        customer.Contacts, customer.Tags, customer.CreatedAt, customer.UpdatedAt);
}
