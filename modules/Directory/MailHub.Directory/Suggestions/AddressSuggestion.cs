namespace MailHub.People.Suggestions;

/// <summary>
/// Whose address a suggestion is: a recent correspondent (a customer who wrote in the last <see cref="AddressBook.RecentDays"/>
/// days), a member of the organization, or another customer's contact.
/// </summary>
internal enum SuggestionKind
{
    Recent,
    Member,
    Customer,
}

/// <summary>An address for the composer's To, Cc and Bcc.</summary>
internal sealed record AddressSuggestion(string Name, string Address, SuggestionKind Kind);

internal sealed record AddressSuggestions(IReadOnlyList<AddressSuggestion> Items);
