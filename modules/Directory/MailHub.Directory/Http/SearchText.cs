using FluentValidation;

namespace MailHub.People.Http;

/// <summary>The q of the directory's lists and suggestions: a part of a name or an address.</summary>
internal static class SearchText
{
    public const int MaxLength = 200;

    public static IRuleBuilderOptions<T, string?> SearchQuery<T>(this IRuleBuilder<T, string?> q) => q
        .MaximumLength(MaxLength).WithMessage($"Keep q to {MaxLength} characters: a part of a name or an address is enough.");
}
