using FluentValidation;
using MailHub.People.Members;

namespace MailHub.People.Customers;

/// <summary>What makes customer fields valid (the validators of create and edit share them), with messages that say how to fix them.</summary>
internal static class CustomerRules
{
    public const int MaxNameLength = 200;
    public const int MaxCompanyLength = 200;
    public const int MaxPhoneLength = 50;
    public const int MaxNotesLength = 4000;
    public const int MaxEmailLength = 320;
    public const int MaxEmails = 50;

    public static IRuleBuilderOptions<T, string?> CustomerName<T>(this IRuleBuilder<T, string?> name, string whenBlank) => name
        .NotEmpty().WithMessage(whenBlank)
        .MaximumLength(MaxNameLength).WithMessage($"Keep the name to {MaxNameLength} characters.");

    public static IRuleBuilderOptions<T, string?> CustomerCompany<T>(this IRuleBuilder<T, string?> company) => company
        .MaximumLength(MaxCompanyLength).WithMessage($"Keep the company to {MaxCompanyLength} characters.");

    public static IRuleBuilderOptions<T, string?> CustomerPhone<T>(this IRuleBuilder<T, string?> phone) => phone
        .MaximumLength(MaxPhoneLength).WithMessage($"Keep the phone to {MaxPhoneLength} characters.");

    public static IRuleBuilderOptions<T, string?> CustomerNotes<T>(this IRuleBuilder<T, string?> notes) => notes
        .MaximumLength(MaxNotesLength).WithMessage($"Keep the notes to {MaxNotesLength} characters.");

    public static IRuleBuilderOptions<T, IReadOnlyList<string>?> CustomerEmails<T>(this IRuleBuilder<T, IReadOnlyList<string>?> emails) => emails
        .Must(list => list is null || list.Count <= MaxEmails).WithMessage($"Give at most {MaxEmails} addresses; merge customers for more.");

    /// <summary>Each address of emails, keyed by its place in the list (<c>emails[1]</c>).</summary>
    public static IRuleBuilderOptions<T, string> CustomerEmail<T>(this IRuleBuilder<T, string> email) => email
        .Must(e => !string.IsNullOrWhiteSpace(e) && e.Length <= MaxEmailLength && MemberRules.IsEmail(e.Trim()))
        .WithMessage("'{PropertyValue}' is not an e-mail address: write it like li.lei@example.cn.");

    public static List<string> CleanEmails(IReadOnlyList<string>? emails) =>
        (emails ?? []).Select(e => e.Trim()).DistinctBy(e => e.ToUpperInvariant()).ToList();
}
