namespace MailHub.People.Suggestions;

/// <summary>Whose address a suggestion is: a member of the organization or a customer's contact.</summary>
internal enum SuggestionKind
{
    Member,
    Contact,
}

/// <summary>An address for the reply form's To and Cc fields.</summary>
internal sealed record Suggestion(string Name, string Email, SuggestionKind Kind);
