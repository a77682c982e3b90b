using System.Text.RegularExpressions;
using FluentValidation;

namespace MailHub.People.Sync;

/// <summary>A source's name: what its pushes are keyed by and what members synced from it show (e.g. wecom).</summary>
internal static partial class SyncSourceName
{
    public static IRuleBuilderOptions<T, string?> SourceName<T>(this IRuleBuilder<T, string?> name) => name
        .NotEmpty().WithMessage("Name the source, e.g. \"wecom\".")
        .Matches(Pattern()).WithMessage("'{PropertyValue}' is not a source name: use 1 to 32 lower-case letters, digits, '.', '-' or '_', e.g. \"wecom\".");

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,31}$")]
    private static partial Regex Pattern();
}
